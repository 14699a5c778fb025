"""metroscope: measure, simulate and monitor metropolitan areas (都市圈)."""
__version__ = "0.1.0"
