"""Place names: pinyin, English names, name stems and administrative levels."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

_CHANG_FIRST = "长"  # 长 at the start of a place name reads chang (长春, 长岭, 长白)
# Polyphonic characters that pypinyin reads character by character the wrong way in place
# names. Spellings as in the official Hanyu Pinyin place names (the Ministry of Civil Affairs'
# administrative-division list; GB/T 17693.1 for the romanisation of Chinese place names):
# 都 in a place name is dū (成都 Chengdu, 望都 Wangdu, 都江堰 Dujiangyan), never the adverb dōu;
# 厦门 Xiamen, 番禺 Panyu, 乐清 Yueqing, 乐亭 Laoting, 铅山 Yanshan, 大埔 Dabu, 洪洞 Hongtong,
# 单县 Shanxian, 莘县 Shenxian, 东阿 Dong'e, 涡阳 Guoyang, 荥阳 Xingyang, 枞阳 Zongyang,
# 浚县 Xunxian, 蔚县 Yuxian, 柏乡 Baixiang, 台州 Taizhou, 天台 Tiantai, 会理 Huili, 会泽 Huize,
# 六合 Luhe, 吴堡 Wubu, 长汀 Changting (长 not first), 繁峙 Fanshi.
_PHRASES = {"朝阳": "chaoyang", "珲春": "hunchun", "六安": "lu'an", "蚌埠": "bengbu",
            "重庆": "chongqing", "西藏": "xizang", "陕西": "shaanxi", "都": "du",
            "厦门": "xiamen", "番禺": "panyu", "乐清": "yueqing", "乐亭": "laoting",
            "铅山": "yanshan", "大埔": "dabu", "洪洞": "hongtong", "东阿": "dong'e", "涡阳": "guoyang", "荥阳": "xingyang",
            "枞阳": "zongyang", "柏乡": "baixiang",
            "台州": "taizhou", "天台": "tiantai", "会理": "huili", "会泽": "huize",
            "六合": "luhe", "吴堡": "wubu", "长汀": "changting", "繁峙": "fanshi"}
# one-character place names (the suffix 县 already stripped): 单县 Shan, 莘县 Shen, 浚县 Xun, 蔚县 Yu
_WHOLE = {"单": "shan", "莘": "shen", "浚": "xun", "蔚": "yu"}
EN_OVERRIDES = {
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "香港特别行政区": "Hong Kong Special Administrative Region",
    "澳门特别行政区": "Macao Special Administrative Region",
}
# ethnic groups in the names of autonomous units, longest first where one contains another
ETHNIC_EN = {"蒙古": "Mongol", "朝鲜": "Korean", "维吾尔": "Uygur", "藏": "Tibetan",
             "满": "Manchu"}
ETHNIC = sorted(["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"],
    key=lambda e: -len(e))


def pinyin(text: str) -> str:
    """Toneless pinyin of a place name, capitalised, with apostrophes before a/o/e syllables."""
    if text in _WHOLE:
        return _WHOLE[text].capitalize()
    out: list[str] = []
    i = 0
    while i < len(text):
        hit = next((p for p in _PHRASES if text.startswith(p, i)), None)
        if hit:
            out.append(_PHRASES[hit])
            i += len(hit)
            continue
        ch = text[i]
        if i == 0 and ch == _CHANG_FIRST:
            out.append("chang")
        else:
            out.extend(lazy_pinyin(ch, style=Style.NORMAL, v_to_u=True, errors="default"))
        i += 1
    word = ""
    for syl in out:
        if word and syl[:1] in "aoe" and not syl.startswith("'"):
            word += "'"
        word += syl
    return word[:1].upper() + word[1:]


_SUFFIX_EN = (
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"),
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("高新技术产业开发区", "High-tech Industrial Development Zone"),
    ("经济开发区", "Economic Development Zone"), ("开发区", "Development Zone"),
    ("特别行政区", "Special Administrative Region"), ("自治区", "Autonomous Region"),
    ("林区", "Forestry District"), ("地区", "Prefecture"), ("新区", "New Area"),
    ("省", "Province"), ("市", "City"), ("区", "District"), ("县", "County"), ("旗", "Banner"),
    ("盟", "League"),
)


def _split_ethnic(place: str) -> tuple[str, list[str]]:
    """'保亭黎族苗族' -> ('保亭', ['Li', 'Miao']); '新疆维吾尔' -> ('新疆', ['Uygur'])."""
    groups: list[str] = []
    while True:
        hit = next((e for e in ETHNIC if len(place) > len(e) + 1 and (
            place.endswith(e + "族") or (e == "维吾尔" and place.endswith(e)))), None)
        if hit is None:
            return place, groups
        place = place[: -len(hit) - (1 if place.endswith(hit + "族") else 0)]
        groups.insert(0, ETHNIC_EN.get(hit) or pinyin(hit))


def english_name(name_zh: str) -> str:
    """Pinyin name with an English suffix (朝阳区 -> Chaoyang District)."""
    if name_zh in EN_OVERRIDES:
        return EN_OVERRIDES[name_zh]
    for zh, en in _SUFFIX_EN:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            place = name_zh[: -len(zh)]
            if zh.startswith("自治") or zh in ("自治区", "自治州", "自治县", "自治旗"):
                place, groups = _split_ethnic(place)
                return " ".join([pinyin(place), *groups, en])
            if zh.endswith("开发区"):  # 河北唐山芦台 -> Hebei Tangshan Lutai
                return " ".join([*(pinyin(w) for w in _split_places(place)), en])
            return f"{pinyin(place)} {en}"
    return pinyin(name_zh)


PLACE_STEMS: set[str] = set()  # stems of province and prefecture names (filled on load)


def _split_places(text: str) -> list[str]:
    """Split leading province/prefecture stems off a zone name (长春净月 -> [长春, 净月])."""
    words: list[str] = []
    while True:
        hit = next((p for p in sorted(PLACE_STEMS, key=lambda x: (-len(x), x))
                    if text.startswith(p)), None)
        if hit is None:
            return [*words, text] if text else words
        words.append(hit)
        text = text[len(hit):]
        text = text[1:] if text.startswith("市") else text


_STEM_SUFFIXES = ("朝鲜族自治州", "满族自治县", "朝鲜族自治县", "蒙古族自治县", "自治州", "自治县",
                  "地区", "盟", "市", "县", "区", "旗")


def stem(name: str) -> str:
    """Place name without its administrative suffix (德惠市 -> 德惠, 延边朝鲜族自治州 -> 延边)."""
    name = name.strip().replace("巿", "市")
    for suf in _STEM_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def level_of(code: str) -> str:
    """Administrative level from a 6-digit code."""
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"

