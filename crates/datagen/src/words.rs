//! The word lists the generator draws from. Lists that are sampled with a skew (see
//! [`crate::rng::Rng::skewed`]) are ordered from most to least common, so a few brands, big
//! provinces and big cities dominate, as they do in real customer lists.
//!
//! Romanisations are written by hand (ASCII, no tones) so that e-mail addresses and the data do
//! not depend on a pinyin library; a test checks the brands against the search keys the store
//! indexes.

/// A Chinese city: name, telephone area code, postcode of its centre.
pub struct City {
    pub name: &'static str,
    pub area_code: &'static str,
    pub postcode: u32,
}

/// A province-level division (省, 自治区, 直辖市) and its cities, biggest first.
pub struct Province {
    pub name: &'static str,
    pub cities: &'static [City],
}

macro_rules! cities {
    ($($name:literal $code:literal $post:literal),+ $(,)?) => {
        &[$(City { name: $name, area_code: $code, postcode: $post }),+]
    };
}

/// Provinces ordered roughly by how many trading businesses they hold.
pub const PROVINCES: &[Province] = &[
    Province {
        name: "广东",
        cities: cities![
            "深圳" "0755" 518000, "广州" "020" 510000, "东莞" "0769" 523000,
            "佛山" "0757" 528000, "中山" "0760" 528400, "惠州" "0752" 516000,
            "珠海" "0756" 519000, "汕头" "0754" 515000, "江门" "0750" 529000,
            "湛江" "0759" 524000,
        ],
    },
    Province {
        name: "浙江",
        cities: cities![
            "杭州" "0571" 310000, "宁波" "0574" 315000, "温州" "0577" 325000,
            "金华" "0579" 321000, "台州" "0576" 318000, "绍兴" "0575" 312000,
            "嘉兴" "0573" 314000, "湖州" "0572" 313000, "丽水" "0578" 323000, "舟山" "0580" 316000,
        ],
    },
    Province {
        name: "江苏",
        cities: cities![
            "苏州" "0512" 215000, "南京" "025" 210000, "无锡" "0510" 214000,
            "常州" "0519" 213000, "南通" "0513" 226000, "徐州" "0516" 221000,
            "扬州" "0514" 225000, "盐城" "0515" 224000, "泰州" "0523" 225300, "连云港" "0518" 222000,
        ],
    },
    Province {
        name: "上海",
        cities: cities!["上海" "021" 200000],
    },
    Province {
        name: "山东",
        cities: cities![
            "青岛" "0532" 266000, "济南" "0531" 250000, "烟台" "0535" 264000,
            "潍坊" "0536" 261000, "临沂" "0539" 276000, "淄博" "0533" 255000,
            "威海" "0631" 264200, "济宁" "0537" 272000, "东营" "0546" 257000,
        ],
    },
    Province {
        name: "北京",
        cities: cities!["北京" "010" 100000],
    },
    Province {
        name: "福建",
        cities: cities![
            "厦门" "0592" 361000, "福州" "0591" 350000, "泉州" "0595" 362000,
            "漳州" "0596" 363000, "莆田" "0594" 351100, "龙岩" "0597" 364000,
        ],
    },
    Province {
        name: "河南",
        cities: cities![
            "郑州" "0371" 450000, "洛阳" "0379" 471000, "新乡" "0373" 453000,
            "南阳" "0377" 473000, "开封" "0371" 475000, "许昌" "0374" 461000,
        ],
    },
    Province {
        name: "四川",
        cities: cities![
            "成都" "028" 610000, "绵阳" "0816" 621000, "德阳" "0838" 618000,
            "宜宾" "0831" 644000, "南充" "0817" 637000, "乐山" "0833" 614000,
        ],
    },
    Province {
        name: "湖北",
        cities: cities![
            "武汉" "027" 430000, "宜昌" "0717" 443000, "襄阳" "0710" 441000,
            "荆州" "0716" 434000, "十堰" "0719" 442000,
        ],
    },
    Province {
        name: "湖南",
        cities: cities![
            "长沙" "0731" 410000, "株洲" "0731" 412000, "岳阳" "0730" 414000,
            "衡阳" "0734" 421000, "常德" "0736" 415000,
        ],
    },
    Province {
        name: "河北",
        cities: cities![
            "石家庄" "0311" 50000, "保定" "0312" 71000, "唐山" "0315" 63000,
            "廊坊" "0316" 65000, "邯郸" "0310" 56000,
        ],
    },
    Province {
        name: "安徽",
        cities: cities![
            "合肥" "0551" 230000, "芜湖" "0553" 241000, "蚌埠" "0552" 233000,
            "安庆" "0556" 246000,
        ],
    },
    Province {
        name: "天津",
        cities: cities!["天津" "022" 300000],
    },
    Province {
        name: "重庆",
        cities: cities!["重庆" "023" 400000],
    },
    Province {
        name: "陕西",
        cities: cities![
            "西安" "029" 710000, "咸阳" "029" 712000, "宝鸡" "0917" 721000,
            "榆林" "0912" 719000,
        ],
    },
    Province {
        name: "江西",
        cities: cities![
            "南昌" "0791" 330000, "赣州" "0797" 341000, "九江" "0792" 332000,
            "上饶" "0793" 334000,
        ],
    },
    Province {
        name: "辽宁",
        cities: cities![
            "大连" "0411" 116000, "沈阳" "024" 110000, "鞍山" "0412" 114000,
            "锦州" "0416" 121000,
        ],
    },
    Province {
        name: "广西",
        cities: cities![
            "南宁" "0771" 530000, "柳州" "0772" 545000, "桂林" "0773" 541000,
            "北海" "0779" 536000,
        ],
    },
    Province {
        name: "云南",
        cities: cities![
            "昆明" "0871" 650000, "曲靖" "0874" 655000, "大理" "0872" 671000,
        ],
    },
    Province {
        name: "山西",
        cities: cities![
            "太原" "0351" 30000, "大同" "0352" 37000, "运城" "0359" 44000,
        ],
    },
    Province {
        name: "黑龙江",
        cities: cities![
            "哈尔滨" "0451" 150000, "大庆" "0459" 163000, "齐齐哈尔" "0452" 161000,
            "牡丹江" "0453" 157000,
        ],
    },
    Province {
        name: "吉林",
        cities: cities!["长春" "0431" 130000, "吉林" "0432" 132000],
    },
    Province {
        name: "贵州",
        cities: cities!["贵阳" "0851" 550000, "遵义" "0851" 563000],
    },
    Province {
        name: "内蒙古",
        cities: cities![
            "呼和浩特" "0471" 10000, "包头" "0472" 14000, "鄂尔多斯" "0477" 17000,
        ],
    },
    Province {
        name: "新疆",
        cities: cities!["乌鲁木齐" "0991" 830000, "喀什" "0998" 844000],
    },
    Province {
        name: "甘肃",
        cities: cities!["兰州" "0931" 730000, "天水" "0938" 741000],
    },
    Province {
        name: "海南",
        cities: cities!["海口" "0898" 570000, "三亚" "0898" 572000],
    },
    Province {
        name: "宁夏",
        cities: cities!["银川" "0951" 750000],
    },
    Province {
        name: "青海",
        cities: cities!["西宁" "0971" 810000],
    },
    Province {
        name: "西藏",
        cities: cities!["拉萨" "0891" 850000],
    },
];

/// Brand words (字号) with their pinyin, most common first.
pub const BRANDS: &[(&str, &str)] = &[
    ("宏达", "hongda"),
    ("华兴", "huaxing"),
    ("鑫源", "xinyuan"),
    ("金泰", "jintai"),
    ("恒通", "hengtong"),
    ("永兴", "yongxing"),
    ("盛达", "shengda"),
    ("天成", "tiancheng"),
    ("华瑞", "huarui"),
    ("东方", "dongfang"),
    ("新鸿", "xinhong"),
    ("中科", "zhongke"),
    ("联创", "lianchuang"),
    ("汇通", "huitong"),
    ("海达", "haida"),
    ("瑞丰", "ruifeng"),
    ("博远", "boyuan"),
    ("佳禾", "jiahe"),
    ("富民", "fumin"),
    ("科锐", "kerui"),
    ("远航", "yuanhang"),
    ("利民", "limin"),
    ("广源", "guangyuan"),
    ("顺发", "shunfa"),
    ("宝丰", "baofeng"),
    ("恒昌", "hengchang"),
    ("安泰", "antai"),
    ("嘉信", "jiaxin"),
    ("万通", "wantong"),
    ("金鼎", "jinding"),
    ("凯达", "kaida"),
    ("明辉", "minghui"),
    ("同创", "tongchuang"),
    ("华美", "huamei"),
    ("诚信", "chengxin"),
    ("亿丰", "yifeng"),
    ("金桥", "jinqiao"),
    ("大成", "dacheng"),
    ("福星", "fuxing"),
    ("瑞祥", "ruixiang"),
    ("新世纪", "xinshiji"),
    ("恒丰", "hengfeng"),
    ("康达", "kangda"),
    ("天宇", "tianyu"),
    ("蓝海", "lanhai"),
    ("星辰", "xingchen"),
    ("中天", "zhongtian"),
    ("华联", "hualian"),
    ("泰和", "taihe"),
    ("永康", "yongkang"),
    ("鼎盛", "dingsheng"),
    ("金瑞", "jinrui"),
    ("腾飞", "tengfei"),
    ("宏图", "hongtu"),
    ("恒信", "hengxin"),
    ("东升", "dongsheng"),
    ("华夏", "huaxia"),
    ("九州", "jiuzhou"),
    ("龙腾", "longteng"),
    ("百盛", "baisheng"),
    ("三和", "sanhe"),
    ("鹏程", "pengcheng"),
    ("美华", "meihua"),
    ("润发", "runfa"),
    ("德胜", "desheng"),
    ("正源", "zhengyuan"),
    ("海纳百川", "hainabaichuan"),
    ("万家福", "wanjiafu"),
];

/// Industry words (行业) with the English slug used in web domains.
pub const INDUSTRIES: &[(&str, &str)] = &[
    ("科技", "tech"),
    ("贸易", "trade"),
    ("电子", "elec"),
    ("机械", "machinery"),
    ("食品", "food"),
    ("物流", "logistics"),
    ("实业", "industry"),
    ("化工", "chem"),
    ("纺织", "textile"),
    ("建材", "building"),
    ("包装", "pack"),
    ("五金", "hardware"),
    ("塑料", "plastic"),
    ("医疗器械", "medical"),
    ("供应链", "scm"),
    ("进出口", "impexp"),
    ("农业", "agri"),
    ("汽车配件", "autoparts"),
    ("环保", "eco"),
    ("新材料", "material"),
    ("电气", "electric"),
    ("服饰", "apparel"),
];

/// Legal forms of a Chinese company, most common first.
pub const COMPANY_FORMS: &[&str] = &["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];

/// Common surnames (百家姓, by frequency) with pinyin.
pub const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("潘", "pan"),
    ("于", "yu"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("余", "yu"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("苏", "su"),
    ("魏", "wei"),
    ("吕", "lv"),
    ("丁", "ding"),
    ("任", "ren"),
    ("沈", "shen"),
    ("欧阳", "ouyang"),
    ("上官", "shangguan"),
];

/// Given names (one or two characters) with pinyin.
pub const GIVEN_NAMES: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("秀英", "xiuying"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀兰", "xiulan"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂英", "guiying"),
    ("文", "wen"),
    ("华", "hua"),
    ("建国", "jianguo"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("俊", "jun"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("鹏", "peng"),
    ("浩", "hao"),
    ("宇", "yu"),
    ("欣怡", "xinyi"),
    ("子涵", "zihan"),
    ("梓轩", "zixuan"),
    ("思远", "siyuan"),
    ("佳", "jia"),
    ("琳", "lin"),
    ("斌", "bin"),
    ("辉", "hui"),
    ("玲", "ling"),
    ("红", "hong"),
    ("波", "bo"),
    ("鑫", "xin"),
    ("飞", "fei"),
    ("博文", "bowen"),
    ("一鸣", "yiming"),
    ("国强", "guoqiang"),
    ("丽华", "lihua"),
    ("春梅", "chunmei"),
];

/// Free e-mail providers used by private persons in China.
pub const CN_MAIL: &[&str] = &["163.com", "qq.com", "126.com", "sina.com", "foxmail.com"];

/// Roads for Chinese street addresses.
pub const CN_ROADS: &[&str] = &[
    "人民路",
    "建设路",
    "中山路",
    "解放路",
    "科技路",
    "工业大道",
    "创业路",
    "长江路",
    "黄河路",
    "滨海大道",
    "新华路",
    "和平路",
    "迎宾大道",
    "高新四路",
    "东环路",
    "振兴路",
];

/// Districts or zones for Chinese street addresses.
pub const CN_ZONES: &[&str] = &[
    "高新区",
    "经济开发区",
    "工业园区",
    "城东区",
    "城西区",
    "城南区",
    "保税区",
    "临港新区",
    "",
];

/// Roles of contacts at Chinese customers.
pub const CN_ROLES: &[&str] = &[
    "采购经理",
    "采购专员",
    "财务",
    "总经理",
    "仓库主管",
    "销售对接人",
    "技术负责人",
    "老板",
    "出纳",
    "物流专员",
    "",
];

/// Roles of contacts at international customers.
pub const EN_ROLES: &[&str] = &[
    "Buyer",
    "Purchasing Manager",
    "Accounts Payable",
    "CEO",
    "Logistics Coordinator",
    "Quality Manager",
    "Sales Director",
    "",
];

/// User tags beside the need tags.
pub const USER_TAGS: &[&str] = &["VIP", "老客户", "出口"];

/// The business's sales reps.
pub const OWNERS: &[&str] = &[
    "李娜",
    "张伟",
    "王芳",
    "刘洋",
    "陈静",
    "杨磊",
    "赵敏",
    "黄强",
    "周杰",
    "吴婷",
    "孙浩",
    "Tom Becker",
];

/// Notes a rep writes on a customer.
pub const NOTES: &[&str] = &[
    "每月对账",
    "要求提前三天通知发货",
    "大客户，优先排产",
    "年底集中采购",
    "只接受顺丰发货",
    "发票抬头与公司名称不同，开票前确认",
    "价格敏感，报价需经理审批",
    "Prefers e-mail over phone.",
    "Samples before every new order.",
    "老板微信沟通为主\n周末不接电话",
];

/// Name words of international companies, shared across countries.
pub const EN_WORDS: &[&str] = &[
    "Pacific",
    "Nordic",
    "Atlantic",
    "Global",
    "United",
    "Summit",
    "Pioneer",
    "Evergreen",
    "Silverline",
    "Northstar",
    "Oceanic",
    "Continental",
    "Apex",
    "Harbor",
    "Crown",
    "Eastern",
    "Meridian",
    "Bluewater",
];

/// Industry words of international companies.
pub const EN_INDUSTRIES: &[&str] = &[
    "Trading",
    "Steel",
    "Logistics",
    "Electronics",
    "Foods",
    "Machinery",
    "Components",
    "Supply",
    "Textiles",
    "Plastics",
    "Industries",
    "Imports",
];

pub const EN_FIRST: &[&str] = &[
    "James", "Mary", "John", "Anna", "Peter", "Laura", "David", "Sarah", "Michael", "Emma",
    "Thomas", "Julia", "Daniel", "Sophie", "Lukas", "Hannah", "Kenji", "Yuki", "Min-jun", "Ji-woo",
    "Wei Ming", "Nguyen", "Ahmed", "Priya", "Lars", "Ingrid",
];

pub const EN_LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Brown",
    "Miller",
    "Wilson",
    "Taylor",
    "Schmidt",
    "Fischer",
    "Weber",
    "Wagner",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Kim",
    "Park",
    "Lee",
    "Tan",
    "Lim",
    "Tran",
    "Khan",
    "Patel",
    "Andersson",
    "Johansson",
    "de Vries",
    "Jansen",
];

/// A foreign city: name, region, phone area part, postcode pattern (`#` = a digit).
pub struct ForeignCity {
    pub name: &'static str,
    pub region: &'static str,
    pub area: &'static str,
    pub postcode: &'static str,
}

/// A foreign country customers come from.
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    /// International dialling prefix.
    pub dial: &'static str,
    /// ISO 4217 currency.
    pub currency: &'static str,
    /// Legal-form suffixes, most common first.
    pub suffixes: &'static [&'static str],
    /// Name words specific to the country (mixed with [`EN_WORDS`]).
    pub words: &'static [&'static str],
    pub tld: &'static str,
    pub cities: &'static [ForeignCity],
    /// Street names; a house number goes after (`"{street} {n}"`) when `number_after`.
    pub streets: &'static [&'static str],
    pub number_after: bool,
}

macro_rules! fcities {
    ($($name:literal $region:literal $area:literal $post:literal),+ $(,)?) => {
        &[$(ForeignCity { name: $name, region: $region, area: $area, postcode: $post }),+]
    };
}

/// Countries ordered by how often they appear among a Chinese supplier's foreign customers.
pub const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        dial: "+1",
        currency: "USD",
        suffixes: &["Inc.", "LLC", "Corp."],
        words: &["Golden Gate", "Liberty", "Lone Star", "Empire"],
        tld: "com",
        cities: fcities![
            "Los Angeles" "CA" "213" "900##", "New York" "NY" "212" "100##",
            "Chicago" "IL" "312" "606##", "Houston" "TX" "713" "770##",
            "Seattle" "WA" "206" "981##",
        ],
        streets: &[
            "Main Street",
            "Harbor Blvd",
            "Commerce Drive",
            "5th Avenue",
            "Industrial Way",
        ],
        number_after: false,
    },
    Country {
        code: "DE",
        dial: "+49",
        currency: "EUR",
        suffixes: &["GmbH", "AG", "GmbH & Co. KG"],
        words: &["Rhein", "Hansa", "Bavaria", "Elbe", "Schwarzwald"],
        tld: "de",
        cities: fcities![
            "Hamburg" "Hamburg" "40" "20###", "München" "Bayern" "89" "80###",
            "Frankfurt am Main" "Hessen" "69" "60###", "Stuttgart" "Baden-Württemberg" "711" "70###",
            "Düsseldorf" "Nordrhein-Westfalen" "211" "40###",
        ],
        streets: &[
            "Hafenstraße",
            "Industriestraße",
            "Hauptstraße",
            "Lindenallee",
            "Am Kai",
        ],
        number_after: true,
    },
    Country {
        code: "JP",
        dial: "+81",
        currency: "JPY",
        suffixes: &["Co., Ltd.", "K.K.", "Corporation"],
        words: &["Sakura", "Fuji", "Yamato", "Kansai", "Tokai", "Nippon"],
        tld: "co.jp",
        cities: fcities![
            "Tokyo" "Tokyo" "3" "1##-####", "Osaka" "Osaka" "6" "5##-####",
            "Nagoya" "Aichi" "52" "4##-####",
        ],
        streets: &[
            "Chuo 2-chome",
            "Minato 1-chome",
            "Sakae 3-chome",
            "Umeda 4-chome",
        ],
        number_after: true,
    },
    Country {
        code: "KR",
        dial: "+82",
        currency: "KRW",
        suffixes: &["Co., Ltd.", "Corp."],
        words: &["Hanil", "Daesung", "Samil", "Haneul", "Dongbang"],
        tld: "co.kr",
        cities: fcities![
            "Seoul" "Seoul" "2" "0####", "Busan" "Busan" "51" "4####",
            "Incheon" "Incheon" "32" "2####",
        ],
        streets: &["Teheran-ro", "Gangnam-daero", "Haeundae-ro", "Songdo-daero"],
        number_after: true,
    },
    Country {
        code: "GB",
        dial: "+44",
        currency: "GBP",
        suffixes: &["Ltd", "PLC", "Limited"],
        words: &["Thames", "Britannia", "Albion", "Windsor"],
        tld: "co.uk",
        cities: fcities![
            "London" "England" "20" "EC# #AA", "Manchester" "England" "161" "M# #AA",
            "Birmingham" "England" "121" "B# #AA",
        ],
        streets: &[
            "High Street",
            "Station Road",
            "Dock Road",
            "Victoria Street",
        ],
        number_after: false,
    },
    Country {
        code: "SG",
        dial: "+65",
        currency: "SGD",
        suffixes: &["Pte. Ltd."],
        words: &["Lion City", "Merlion", "Straits", "Jurong"],
        tld: "com.sg",
        cities: fcities!["Singapore" "" "6" "######"],
        streets: &[
            "Jurong Port Road",
            "Pioneer Road",
            "Changi South Lane",
            "Tuas Avenue",
        ],
        number_after: false,
    },
    Country {
        code: "HK",
        dial: "+852",
        currency: "HKD",
        suffixes: &["Limited", "Trading Co."],
        words: &["Kowloon", "Victoria", "Harbour", "Pearl River"],
        tld: "com.hk",
        cities: fcities!["Hong Kong" "" "2" ""],
        streets: &[
            "Nathan Road",
            "Des Voeux Road",
            "Hennessy Road",
            "Canton Road",
        ],
        number_after: false,
    },
    Country {
        code: "AU",
        dial: "+61",
        currency: "AUD",
        suffixes: &["Pty Ltd"],
        words: &["Southern Cross", "Outback", "Coral", "Sunshine"],
        tld: "com.au",
        cities: fcities![
            "Sydney" "NSW" "2" "2###", "Melbourne" "VIC" "3" "3###", "Perth" "WA" "8" "6###",
        ],
        streets: &[
            "George Street",
            "Collins Street",
            "Port Road",
            "Warehouse Drive",
        ],
        number_after: false,
    },
    Country {
        code: "VN",
        dial: "+84",
        currency: "VND",
        suffixes: &["Co., Ltd", "JSC"],
        words: &["Saigon", "Hanoi", "Mekong", "Lotus"],
        tld: "com.vn",
        cities: fcities![
            "Ho Chi Minh City" "" "28" "70####", "Hanoi" "" "24" "10####",
        ],
        streets: &["Nguyen Hue", "Le Loi", "Tran Hung Dao", "Hai Ba Trung"],
        number_after: false,
    },
    Country {
        code: "MY",
        dial: "+60",
        currency: "MYR",
        suffixes: &["Sdn. Bhd."],
        words: &["Malaya", "Borneo", "Selangor", "Penang"],
        tld: "com.my",
        cities: fcities![
            "Kuala Lumpur" "Wilayah Persekutuan" "3" "5####", "George Town" "Penang" "4" "1####",
        ],
        streets: &[
            "Jalan Ampang",
            "Jalan Sultan",
            "Lebuh Pantai",
            "Jalan Perindustrian",
        ],
        number_after: false,
    },
    Country {
        code: "TH",
        dial: "+66",
        currency: "THB",
        suffixes: &["Co., Ltd."],
        words: &["Siam", "Chao Phraya", "Bangkok"],
        tld: "co.th",
        cities: fcities!["Bangkok" "Bangkok" "2" "10###"],
        streets: &["Sukhumvit Road", "Rama IV Road", "Silom Road"],
        number_after: false,
    },
    Country {
        code: "NL",
        dial: "+31",
        currency: "EUR",
        suffixes: &["B.V.", "N.V."],
        words: &["Holland", "Delta", "Maas", "Oranje"],
        tld: "nl",
        cities: fcities![
            "Rotterdam" "Zuid-Holland" "10" "30## AB", "Amsterdam" "Noord-Holland" "20" "10## CD",
        ],
        streets: &[
            "Havenstraat",
            "Keizersgracht",
            "Maasboulevard",
            "Industrieweg",
        ],
        number_after: true,
    },
    Country {
        code: "SE",
        dial: "+46",
        currency: "SEK",
        suffixes: &["AB"],
        words: &["Svea", "Viking", "Baltic", "Scandia"],
        tld: "se",
        cities: fcities![
            "Stockholm" "Stockholms län" "8" "1## ##", "Göteborg" "Västra Götaland" "31" "4## ##",
        ],
        streets: &["Hamngatan", "Storgatan", "Industrivägen", "Kungsgatan"],
        number_after: true,
    },
    Country {
        code: "AE",
        dial: "+971",
        currency: "AED",
        suffixes: &["LLC", "FZE", "FZCO"],
        words: &["Gulf", "Emirates", "Falcon", "Desert Rose"],
        tld: "ae",
        cities: fcities!["Dubai" "Dubai" "4" "", "Sharjah" "Sharjah" "6" ""],
        streets: &[
            "Sheikh Zayed Road",
            "Al Maktoum Road",
            "Jebel Ali Free Zone",
        ],
        number_after: false,
    },
    Country {
        code: "IN",
        dial: "+91",
        currency: "INR",
        suffixes: &["Pvt. Ltd.", "Limited"],
        words: &["Indus", "Ganges", "Deccan", "Bharat"],
        tld: "co.in",
        cities: fcities![
            "Mumbai" "Maharashtra" "22" "400###", "Chennai" "Tamil Nadu" "44" "600###",
        ],
        streets: &[
            "MG Road",
            "Marine Drive",
            "Industrial Estate Road",
            "Anna Salai",
        ],
        number_after: false,
    },
];

/// Mobile prefixes in use in China (三大运营商), so numbers look real.
pub const MOBILE_PREFIXES: &[&str] = &[
    "138", "139", "137", "136", "135", "134", "150", "151", "152", "157", "158", "159", "182",
    "183", "187", "188", "198", "130", "131", "132", "155", "156", "185", "186", "166", "133",
    "153", "180", "181", "189", "173", "177", "199", "191", "175", "176", "178",
];
