"""The settings object: documented fields, environment overrides, clear errors."""

from __future__ import annotations

import pytest

from metroscope.settings import Settings, SettingsError, get_settings


def test_every_setting_is_documented_with_a_unit_or_meaning() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert len(field.description) > 20, name


def test_environment_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROSCOPE_CIRCLE_MINUTES", "45")
    assert get_settings().circle_minutes == 45.0
    assert get_settings(circle_minutes=90).circle_minutes == 90.0


def test_invalid_settings_listed_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROSCOPE_CIRCLE_MINUTES", "-5")
    monkeypatch.setenv("METROSCOPE_ENGINE", "spark")
    with pytest.raises(SettingsError) as exc:
        get_settings()
    text = str(exc.value)
    assert "circle_minutes" in text
    assert "engine" in text and "variable METROSCOPE_ENGINE" in text


def test_settings_are_frozen() -> None:
    s = get_settings()
    with pytest.raises(ValueError, match="frozen"):
        s.circle_minutes = 10  # type: ignore[misc]


def test_indicator_defaults_come_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import metroscope
    from metroscope.indicators.population import population_change
    from metroscope.indicators.spillover import linkage_intensity

    region = metroscope.load("changchun")
    base = linkage_intensity(region, year=2020)
    assert base.attrs["metroscope"]["parameters"]["friction_exponent"] == 2.0
    monkeypatch.setenv("METROSCOPE_FRICTION_EXPONENT", "1")
    monkeypatch.setenv("METROSCOPE_SHRINK_THRESHOLD_PCT", "-20")
    b1 = linkage_intensity(region, year=2020)
    assert b1.attrs["metroscope"]["parameters"]["friction_exponent"] == 1.0
    ratio = (b1["linkage"] / base["linkage"]).dropna()
    dist = base.loc[ratio.index, "distance_km"]
    assert ratio.to_numpy() == pytest.approx(dist.to_numpy())  # D^-1 / D^-2 = D
    pc = population_change(region)
    assert not pc.loc["220303", "shrinking"]  # 铁东区 lost 6.3 %: shrinking only below -20 %
    assert pc.loc["220422", "shrinking"]  # 东辽县 lost 35.2 %


def test_monitor_config_reads_the_environment_the_same_way(monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    from metroscope.monitor.config import MonitorConfigError, get_config

    monkeypatch.setenv("METROSCOPE_MONITOR_ALLOW_PRIVATE_HOSTS", "127.0.0.1, localhost,")
    monkeypatch.setenv("METROSCOPE_MONITOR_WORKERS", "0")
    with pytest.raises(MonitorConfigError) as exc:
        get_config(timeout_s=-1)
    text = str(exc.value)
    assert text.startswith("Invalid monitor settings:")
    assert "(got '0'; variable METROSCOPE_MONITOR_WORKERS)" in text
    assert "timeout_s: " in text and "(got -1)" in text  # an argument names no variable
    monkeypatch.delenv("METROSCOPE_MONITOR_WORKERS")
    cfg = get_config(timeout_s=None)  # None = not given
    assert cfg.allow_private_hosts == ("127.0.0.1", "localhost") and cfg.timeout_s == 20.0
