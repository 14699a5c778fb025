"""Strings of the opportunity screen (``metroscope.screen``, ``metroscope screen`` and its report
section), in Chinese and English. Part of :data:`metroscope.messages.CATALOGUE`; prefix ``scr_``.
"""

from __future__ import annotations

from typing import Final

SCREEN: Final[dict[str, tuple[str, str]]] = {
    # components: label and what each measures
    "scr_comp_growth": ("就业增长", "Employment growth"),
    "scr_comp_lq_province": ("区位熵(对本省)", "LQ vs province"),
    "scr_comp_lq_nation": ("区位熵(对全国)", "LQ vs nation"),
    "scr_comp_density": ("关联密度", "Relatedness density"),
    "scr_comp_cog": ("复杂度前景增益", "Complexity outlook gain"),
    "scr_comp_access_gain": ("规划可达性增益", "Access gain (plan)"),
    "scr_comp_population_trend": ("人口趋势", "Population trend"),
    "scr_comp_plan_role": ("规划角色", "Role in the plan"),
    "scr_measures_growth": (
        "该城市该行业2010至2020年就业(普查长表抽样人数)的中点增长率 (e2020−e2010)/((e2020+e2010)/2),"
        "取值−2至2;两次普查抽样比约10%",
        "midpoint growth of the sector's employment in the city 2010→2020 (census long-form "
        "sample counts), (e2020−e2010)/((e2020+e2010)/2), from −2 to 2; both censuses sample "
        "about 10 %"),
    "scr_measures_lq_province": (
        "该行业在城市就业中的比重除以其在本省的比重(2020年普查);附样本人数、95%置信区间与可靠性标记",
        "the sector's share of the city's employment over its share in the province (census "
        "2020), with the sample count, 95 % interval and reliability flag"),
    "scr_measures_lq_nation": (
        "同上,以全国所有地级单元为参照",
        "the same against all prefecture-level units of the country"),
    "scr_measures_density": (
        "城市已具备的相关行业能力:按全国各地级单元的行业邻近度加权的显性比较优势(Hidalgo等2007)",
        "how many related capabilities the city already has: its revealed advantages weighted "
        "by the sectors' proximity over every prefecture of the country (Hidalgo et al. 2007)"),
    "scr_measures_cog": (
        "进入该行业后可触及的新复杂度:城市尚不具备的相邻行业的产品复杂度(PCI,全国)按邻近度加权之和,"
        "减去不进入该行业所放弃的部分(Hausmann、Hidalgo等2014《经济复杂度图集》)",
        "the new complexity the move into the sector brings within reach: the complexity (PCI, "
        "national) of nearby sectors the city lacks, weighted by proximity, less what staying "
        "out forgoes (Hausmann, Hidalgo et al. 2014, Atlas of Economic Complexity)"),
    "scr_measures_access_gain": (
        "规划项目情景下潜在可达性(人口/出行时间)的变化率,按人口加权到城市",
        "change of potential accessibility (population over travel time) when the plan's "
        "projects are built (scenario), population-weighted to the city"),
    "scr_measures_population_trend": (
        "2010至2020年常住人口年均增长率(普查)", "annual resident-population growth 2010→2020 (census)"),
    "scr_measures_plan_role": (
        "城市在都市圈规划中的角色:核心2、成员1、部分纳入0(序数)",
        "the city's role in the plan: core 2, member 1, partial 0 (ordinal)"),
    # what the screen cannot see
    "scr_not_advice": (
        "这是筛查,不是投资建议:它把公开统计中可见的信号并列排序,每一项都可查看、可调整权重。",
        "This is a screen, not advice: it ranks signals visible in public statistics side by "
        "side; every component is shown and every weight can be changed."),
    "scr_blind_firms": ("看不到企业层面数据(企业数量、规模、产业链、在建投资)",
                        "it cannot see firm-level data (firms, size, supply chains, investment "
                        "under way)"),
    "scr_blind_prices": ("看不到价格(工资、地价、租金、能源价格)",
                         "it cannot see prices (wages, land, rents, energy)"),
    "scr_blind_policy": ("看不到政策激励(补贴、税收优惠、园区政策)",
                         "it cannot see policy incentives (subsidies, tax breaks, zone policies)"),
    "scr_blind_sample": ("就业数据是约10%的普查抽样人数,小样本单元已被排除;2020年以后的变化不在其中",
                         "employment is a census sample of about 10 %: small cells are left out; "
                         "nothing after 2020 is in it"),
    # reasons a value is missing
    "scr_why_no_start_year": ("数据中没有2010年分行业就业", "the data have no 2010 employment by "
                              "industry"),
    "scr_why_no_start_value": ("缺少2010年数值(单元2010年后设立或无数据)",
                               "no 2010 value (unit created after 2010, or no data)"),
    "scr_why_no_end_value": ("缺少2020年数值", "no 2020 value"),
    "scr_why_boundary_change": ("2010至2020年行政区划调整,无法在同一边界上比较",
                                "boundary change 2010→2020 that the data cannot bridge"),
    "scr_why_no_employment": ("两次普查该行业均无就业", "no employment in either census"),
    "scr_why_no_province": ("缺少本省分行业就业", "no employment by industry for the province"),
    "scr_why_no_national_data": ("未构建全国(china)数据集", "the national (china) dataset is "
                                 "not built"),
    "scr_why_suppressed_small_sample": ("样本不足30人,区位熵不作证据",
                                        "fewer than 30 sampled persons: the LQ is not evidence"),
    "scr_why_suppressed_zero": ("该行业无样本就业", "no sampled employment in the sector"),
    "scr_why_suppressed_no_reference": ("参照区无该行业就业", "the reference has no employment "
                                        "in the sector"),
    "scr_why_no_network": ("该区域没有交通网络数据", "the region has no transport network"),
    "scr_why_no_scenario": ("该区域没有规划项目情景(仅长春都市圈有)",
                            "the region has no scenario of its planned projects (only the "
                            "Changchun area has)"),
    "scr_why_not_reached": ("路网未连通该单元(或该城市的部分单元)",
                            "the network does not connect the unit (or some unit of the city)"),
    "scr_why_not_located": ("该单元没有治所坐标或接驳记录,不在路网上",
                            "the unit has no seat coordinates or access rows: it is not on "
                            "the network"),
    "scr_why_no_value": ("缺少数值", "no value"),
    "scr_why_not_in_plan": ("不在规划范围内", "not in the plan"),
    "scr_why_constant": ("各单元取值相同,无区分作用", "equal in every cell: it tells none apart"),
    "scr_why_weight_zero": ("权重为0", "weight 0"),
    "scr_why_suppressed_lq": ("区位熵被抑制(样本不足)", "LQ suppressed (too small a sample)"),
    # notes of the analysis
    "scr_component_missing": ("{component}未计入得分:{reason}",
                              "{component} left out of the score: {reason}"),
    "scr_units_no_employment": ("以下单元没有分行业就业数据,未纳入:{codes}",
                                "units without employment by industry, left out: {codes}"),
    "scr_ranked": ("{n_cells}个城市×行业单元中{n_ranked}个参与排序;{n_suppressed}个因区位熵被抑制而不排序",
                   "{n_ranked} of {n_cells} city × sector cells ranked; {n_suppressed} not "
                   "ranked because their LQ is suppressed"),
    # report section
    "sec_screen": ("机会筛查(城市×行业)", "Opportunity screen (city × sector)"),
    "lead_screen": (
        "把每个城市×行业单元的就业增长、专业化、产业关联、规划可达性增益、人口趋势和规划角色并列打分排序;"
        "每一项的原值与标准化得分都列出。这是筛查,不是建议。",
        "Every city × sector cell scored on employment growth, specialisation, relatedness, the "
        "access gain of the plan, population trend and role in the plan, each component's raw "
        "value and score shown. A screen, not advice."),
    # CLI and report labels
    "scr_title": ("机会筛查:{area}(城市×行业)", "Opportunity screen: {area} (city × sector)"),
    "scr_title_county": ("机会筛查:{area}(区县×行业)", "Opportunity screen: {area} (county × sector)"),
    "scr_progress": ("计算机会筛查", "Computing the screen"),
    "scr_col_rank": ("名次", "Rank"),
    "scr_col_score": ("得分", "Score"),
    "scr_col_city": ("城市", "City"),
    "scr_col_county": ("区县", "County"),
    "scr_col_sector": ("行业", "Sector"),
    "scr_col_flag": ("区位熵可靠性", "LQ reliability"),
    "scr_col_component": ("组成项", "Component"),
    "scr_col_weight": ("权重", "Weight"),
    "scr_col_measures": ("衡量什么", "What it measures"),
    "scr_measures_header": ("各组成项衡量什么:", "What each component measures:"),
    # no space after the Chinese colon: a space is where the terminal would break the line
    "scr_measures_item": ("{component}：{text}", "{component}: {text}"),
    "scr_col_status": ("状态", "Status"),
    "scr_status_scored": ("计入", "scored"),
    "scr_weighting_equal": ("等权重", "equal weights"),
    "scr_weighting_user": ("用户权重", "user weights"),
    "scr_weighting_entropy": ("熵权法权重", "entropy weights"),
    "scr_cell_format": ("原值 {raw}(标准化 {z})", "raw {raw} (score {z})"),
    "scr_sens_title": ("敏感性:每个权重变动±{pct}%时前{top}名的变化",
                       "Sensitivity: the top {top} when each weight moves ±{pct} %"),
    "scr_sens_row": ("{component} {change}%:保留{kept}/{n},新进 {entered},移出 {left},最大名次变动 {shift}",
                     "{component} {change} %: kept {kept}/{n}, entered {entered}, left {left}, "
                     "largest rank shift {shift}"),
    "scr_none": ("无", "none"),
    "scr_unranked_header": ("未排序的单元及原因:", "Cells not ranked, and why:"),
    "scr_table_title": ("机会筛查:排名前{top}的城市×行业", "Opportunity screen: the top {top} city × "
                        "sector cells"),
    "scr_components_title": ("筛查的组成项与权重", "Components of the screen and their weights"),
    "scr_no_ranked": ("没有可排序的单元:{why}", "no cell can be ranked: {why}"),
}
