"""Strings of the web dashboard's error pages and in-page error messages (a 404, 422, 500 or
503 reached from a page), the units stated under some page tables and the project tracker's
kinds, in Chinese and English. Part of the one catalogue, :data:`metroscope.messages.CATALOGUE`.
The JSON API keeps its English envelope."""

from __future__ import annotations

from typing import Final

WEB_ERRORS: Final[dict[str, tuple[str, str]]] = {
    "web_err_title_404": ("找不到页面或数据", "Not found"),
    "web_err_title_422": ("请求参数有误", "The request's parameters are not valid"),
    "web_err_title_500": ("服务器内部错误", "Internal error"),
    "web_err_threshold": ("通勤圈阈值须为 60、90 或 120 分钟,传入的是 {got}",
                          "The circle's threshold must be 60, 90 or 120 minutes; got {got}"),
    "web_err_title_503": ("服务暂时不可用", "Temporarily unavailable"),
    "web_err_title_other": ("请求未能完成(状态码 {status})",
                            "The request could not be completed (status {status})"),
    "web_err_hint_not_found": ("地址或其中的地区、单元、指标、情景不存在。请从导航栏重新进入。",
                               "The address, or a region, unit, indicator or scenario in it, "
                               "does not exist. Start again from the navigation."),
    "web_err_hint_invalid_parameters": ("以下参数的值无效,请修改后重试。",
                                        "These parameters have values that are not valid; "
                                        "change them and try again."),
    "web_err_hint_invalid_data": ("数据未通过校验,问题如下。",
                                  "The data did not pass validation; the problems follow."),
    "web_err_hint_internal_error": ("服务器出错,已记录详情。请稍后重试;若问题持续,请报告出错的地址。",
                                    "The server failed and logged the details. Try again "
                                    "later; if it persists, report the address."),
    "web_err_hint_database_busy": ("监测数据库正被其他任务写入,请在{seconds}秒后重试。",
                                   "The monitor database is busy with another write; try "
                                   "again in {seconds} s."),
    "web_err_hint_too_many_pairs": (
        "该请求将产生{pairs}个单元对,超过上限{limit}个。请选择起点或终点,或改用地级单元。",
        "This request would produce {pairs} pairs of units, more than the limit of {limit}. "
        "Pick origins or destinations, or use prefecture-level units."),
    "web_err_no_core": ("本页以核心城市为基准,而地区“{region}”没有核心城市(全国数据集)。"
                        "请在“全国都市圈”页比较各都市圈,或选择一个都市圈地区。",
                        "This page measures against the core city, and region {region!r} has "
                        "none (the national dataset). Compare the national areas on the Metro areas "
                        "page, or pick a metropolitan area."),
    "web_err_hint_other": ("请求未能完成。", "The request could not be completed."),
    "web_err_unknown_region": ("没有名为“{name}”的地区;本服务器提供:{served}。",
                               "There is no region {name!r}; this server serves: {served}."),
    "web_err_param": ("参数 {name}(值:{value}):{why}", "Parameter {name} (value: {value}): {why}"),
    "web_err_why_missing": ("必须填写", "is required"),
    "web_err_why_int_parsing": ("必须是整数", "must be a whole number"),
    "web_err_why_float_parsing": ("必须是数字", "must be a number"),
    "web_err_why_bool_parsing": ("必须是 1 或 0", "must be true or false (1 or 0)"),
    "web_err_why_finite_number": ("必须是有限的数字", "must be a finite number"),
    "web_err_why_greater_than": ("必须大于{limit}", "must be greater than {limit}"),
    "web_err_why_greater_than_equal": ("不能小于{limit}", "must be at least {limit}"),
    "web_err_why_less_than": ("必须小于{limit}", "must be less than {limit}"),
    "web_err_why_less_than_equal": ("不能大于{limit}", "must be at most {limit}"),
    "web_err_why_string_too_long": ("最多{limit}个字符", "must be at most {limit} characters"),
    "web_err_why_string_pattern_mismatch": ("不是允许的取值", "is not one of the allowed values"),
    "web_err_why_enum": ("必须是以下之一:{limit}", "must be one of: {limit}"),
    "web_err_why_other": ("取值无效", "is not valid"),
    "web_err_original": ("原始信息(英文,供技术人员参考)", "Original message"),
    "web_err_home": ("返回总览", "Back to the overview"),
    "web_err_status": ("状态码", "Status code"),
    # units of the page tables whose headers carry none
    "web_access_units": (
        "单位:规模 = 常住人口(人);加权平均时间与可达单元加权时间为分钟;加权时间指数无量纲;可达规模占比为0–1的比值;"
        "潜力可达性 = Σ 人口 ÷ 出行分钟(人/分钟)。",
        "Units: mass = resident population (persons); weighted times in minutes; the weighted-time index is "
        "dimensionless; the reachable mass share is a ratio (0–1); potential accessibility = Σ population ÷ travel minutes "
        "(persons per minute)."),
    "web_flows_units": (
        "单位:流量为辐射模型按2020年常住人口分配的人数(模型值,不是观测的通勤人数),取整数;占比为百分比。",
        "Units: flows are persons allotted by the radiation model from the 2020 resident "
        "population (modelled, not observed commuters), to the whole person; shares in percent."),
    # kinds of the project tracker (projects.kind)
    "web_project_kind_plan": ("规划", "plan"),
    "web_project_kind_rail": ("铁路", "rail"),
    "web_project_kind_hsr": ("高铁", "high-speed rail"),
    "web_project_kind_intercity": ("城际铁路", "intercity rail"),
    "web_project_kind_metro": ("城市轨道交通", "metro"),
    "web_project_kind_road": ("公路", "road"),
    "web_project_kind_expressway": ("高速公路", "expressway"),
    "web_project_kind_airport": ("机场", "airport"),
    "web_project_kind_port": ("港口", "port"),
    "web_project_kind_logistics": ("物流", "logistics"),
    "web_project_kind_industry": ("产业项目", "industry"),
    "web_project_kind_park": ("园区", "park"),
    "web_project_kind_target": ("目标", "target"),
    "web_project_kind_policy": ("政策", "policy"),
}
