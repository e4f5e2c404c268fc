//! Word lists of the supply side: the product catalogue of a Chinese industrial trading company
//! (40 categories, Chinese names with English equivalents, typical specifications, units and
//! prices) and the parts of supplier names. Lists sampled with a skew are ordered from most to
//! least common.

/// A product category with what its products are called and cost.
pub struct Category {
    /// Stored as the product's category (and in suppliers' category lists).
    pub name: &'static str,
    pub en: &'static str,
    /// SKU prefix, unique per category.
    pub prefix: &'static str,
    /// Units products of this category are counted in.
    pub units: &'static [&'static str],
    /// Items: Chinese name, English name.
    pub items: &'static [(&'static str, &'static str)],
    /// Specifications (sizes, ratings, grades), written the same in both languages.
    pub specs: &'static [&'static str],
    /// Typical unit price range, yuan.
    pub price: (u32, u32),
    /// Quantities move in fractions (kilograms, metres), not whole pieces.
    pub fractional: bool,
}

macro_rules! category {
    ($name:literal $en:literal $prefix:literal [$($unit:literal),+]
     [$($cn:literal $ien:literal),+ $(,)?] [$($spec:literal),+ $(,)?] $lo:literal..$hi:literal
     $(fractional $frac:literal)?) => {
        Category {
            name: $name,
            en: $en,
            prefix: $prefix,
            units: &[$($unit),+],
            items: &[$(($cn, $ien)),+],
            specs: &[$($spec),+],
            price: ($lo, $hi),
            fractional: false $(|| $frac)?,
        }
    };
}

/// The 40 categories, most products first.
pub const CATEGORIES: &[Category] = &[
    category!("紧固件" "Fasteners" "FAS" ["件", "盒", "千件"]
        ["六角螺栓" "Hex Bolt", "内六角螺钉" "Socket Cap Screw", "平垫圈" "Flat Washer",
         "弹簧垫圈" "Spring Washer", "膨胀螺栓" "Expansion Bolt", "自攻螺钉" "Self-tapping Screw",
         "六角螺母" "Hex Nut", "铆钉" "Rivet"]
        ["M4×12", "M5×16", "M6×20", "M8×30", "M10×40", "M12×50", "304不锈钢", "8.8级镀锌"] 1..60),
    category!("电子元器件" "Electronic Components" "ELC" ["个", "盘", "包"]
        ["贴片电阻" "SMD Resistor", "电解电容" "Electrolytic Capacitor",
         "肖特基二极管" "Schottky Diode", "稳压芯片" "Voltage Regulator", "晶振" "Crystal",
         "继电器" "Relay", "贴片电容" "MLCC Capacitor", "MOS管" "MOSFET"]
        ["0603", "0805", "10uF/25V", "100uF/16V", "5V", "12V", "16MHz", "SOT-23"] 1..90),
    category!("线缆" "Cables" "CAB" ["米", "卷", "条"]
        ["电源线" "Power Cable", "网线" "Ethernet Cable", "USB-C数据线" "USB-C Cable",
         "屏蔽线" "Shielded Cable", "硅胶线" "Silicone Wire", "护套线" "Sheathed Cable"]
        ["1m", "2m", "3×1.5mm²", "Cat6", "18AWG", "RVV 4×0.5", "100m"] 2..600 fractional true),
    category!("包装材料" "Packaging" "PKG" ["个", "卷", "包"]
        ["瓦楞纸箱" "Corrugated Box", "气泡膜" "Bubble Wrap", "缠绕膜" "Stretch Film",
         "封箱胶带" "Packing Tape", "珍珠棉" "EPE Foam", "打包带" "Strapping Band"]
        ["30×20×15cm", "50×40×40cm", "50cm×100m", "48mm×100m", "五层加硬", "透明"] 1..90),
    category!("轴承" "Bearings" "BRG" ["套", "个"]
        ["深沟球轴承" "Deep Groove Ball Bearing", "圆锥滚子轴承" "Tapered Roller Bearing",
         "直线轴承" "Linear Bearing", "带座轴承" "Pillow Block Bearing", "推力轴承" "Thrust Bearing"]
        ["6201-2RS", "6204ZZ", "6305", "30205", "LM8UU", "UCP205", "51105"] 3..400),
    category!("电工电气" "Electrical" "ELE" ["个", "只"]
        ["空气开关" "Circuit Breaker", "交流接触器" "AC Contactor", "插座" "Socket Outlet",
         "按钮开关" "Push Button", "指示灯" "Indicator Light", "漏电保护器" "RCD"]
        ["1P 16A", "2P 32A", "3P 63A", "220V", "24V DC", "22mm"] 5..400),
    category!("劳保用品" "Safety Gear" "PPE" ["双", "副", "个", "件"]
        ["劳保手套" "Work Gloves", "安全帽" "Safety Helmet", "防护眼镜" "Safety Goggles",
         "防尘口罩" "Dust Mask", "反光背心" "Reflective Vest", "安全鞋" "Safety Shoes"]
        ["L", "XL", "均码", "KN95", "ABS", "防砸"] 2..300),
    category!("五金工具" "Hand Tools" "TLS" ["把", "套"]
        ["活动扳手" "Adjustable Wrench", "十字螺丝刀" "Phillips Screwdriver",
         "尖嘴钳" "Needle-nose Pliers", "卷尺" "Tape Measure", "美工刀" "Utility Knife",
         "内六角扳手" "Hex Key Set"]
        ["8寸", "10寸", "5m", "PH2×100mm", "9件套", "铬钒钢"] 5..350),
    category!("电动工具" "Power Tools" "PWT" ["台", "把"]
        ["冲击钻" "Impact Drill", "角磨机" "Angle Grinder", "电锤" "Rotary Hammer",
         "锂电起子机" "Cordless Screwdriver", "热风枪" "Heat Gun", "切割机" "Cut-off Saw"]
        ["550W", "800W", "1200W", "12V", "20V", "无刷"] 150..2500),
    category!("塑料粒子" "Plastic Resin" "RES" ["千克", "吨"]
        ["ABS颗粒" "ABS Pellets", "PP颗粒" "PP Pellets", "PC颗粒" "PC Pellets",
         "HDPE颗粒" "HDPE Pellets", "尼龙PA66" "Nylon PA66"]
        ["注塑级", "阻燃级", "本色", "黑色", "玻纤增强30%"] 8..45 fractional true),
    category!("钢材" "Steel" "STL" ["千克", "吨", "张"]
        ["冷轧钢板" "Cold-rolled Sheet", "不锈钢管" "Stainless Tube", "角钢" "Angle Steel",
         "圆钢" "Round Bar", "镀锌板" "Galvanised Sheet", "方管" "Square Tube"]
        ["1.0mm", "2.0mm", "304", "316L", "Q235", "40×40×3"] 5..80 fractional true),
    category!("办公用品" "Office Supplies" "OFF" ["包", "盒", "个", "箱"]
        ["A4复印纸" "A4 Copy Paper", "中性笔" "Gel Pen", "文件夹" "File Folder",
         "订书钉" "Staples", "便利贴" "Sticky Notes", "白板笔" "Whiteboard Marker"]
        ["70g 500张", "0.5mm", "12支/盒", "黑色", "蓝色"] 1..60),
    category!("清洁用品" "Cleaning Supplies" "CLN" ["瓶", "桶", "包", "个"]
        ["工业酒精" "Industrial Alcohol", "多功能清洁剂" "Multi-purpose Cleaner",
         "无尘布" "Cleanroom Wiper", "垃圾袋" "Garbage Bags", "拖把" "Mop", "洗手液" "Hand Soap"]
        ["500ml", "5L", "50只", "75%", "大号"] 2..150),
    category!("润滑油脂" "Lubricants" "LUB" ["桶", "升", "支"]
        ["液压油" "Hydraulic Oil", "导轨油" "Way Oil", "锂基润滑脂" "Lithium Grease",
         "齿轮油" "Gear Oil", "防锈油" "Rust Preventive", "切削液" "Cutting Fluid"]
        ["4L", "18L", "200L", "1kg", "46#", "68#"] 20..3000),
    category!("气动元件" "Pneumatics" "PNE" ["个", "只", "米"]
        ["气缸" "Air Cylinder", "电磁阀" "Solenoid Valve", "快插接头" "Push-in Fitting",
         "气管" "Air Hose", "调压阀" "Pressure Regulator", "消声器" "Silencer"]
        ["SC63×100", "4V210-08", "PC8-02", "8mm", "G1/4", "MAL20×50"] 2..600),
    category!("液压件" "Hydraulics" "HYD" ["台", "个", "条"]
        ["齿轮泵" "Gear Pump", "液压油缸" "Hydraulic Cylinder", "换向阀" "Directional Valve",
         "高压油管" "Hydraulic Hose", "溢流阀" "Relief Valve"]
        ["CBN-E310", "HSG63", "4WE6", "DN10", "31.5MPa"] 50..5000),
    category!("传动件" "Power Transmission" "PTR" ["条", "个", "台"]
        ["同步带" "Timing Belt", "滚子链" "Roller Chain", "直齿轮" "Spur Gear",
         "联轴器" "Coupling", "减速机" "Gear Reducer", "链轮" "Sprocket"]
        ["HTD 5M", "08B", "M2 Z20", "1:10", "1:30", "φ20"] 5..3000),
    category!("阀门管件" "Valves & Fittings" "VLV" ["个", "只"]
        ["球阀" "Ball Valve", "闸阀" "Gate Valve", "弯头" "Elbow", "三通" "Tee", "法兰" "Flange",
         "止回阀" "Check Valve"]
        ["DN15", "DN25", "DN50", "1/2\"", "PN16", "304不锈钢"] 5..800),
    category!("照明" "Lighting" "LGT" ["个", "套"]
        ["LED灯管" "LED Tube", "LED筒灯" "LED Downlight", "投光灯" "Floodlight",
         "工矿灯" "High Bay Light", "应急灯" "Emergency Light"]
        ["18W", "36W", "100W", "200W", "4000K", "6500K"] 10..600),
    category!("传感器" "Sensors" "SNS" ["个", "只"]
        ["接近开关" "Proximity Switch", "光电开关" "Photoelectric Sensor",
         "温度传感器" "Temperature Sensor", "压力变送器" "Pressure Transmitter",
         "旋转编码器" "Rotary Encoder"]
        ["M12 NPN", "M18 PNP", "PT100", "0-10bar", "600P/R", "4-20mA"] 20..1500),
    category!("自动化控制" "Automation" "AUT" ["台", "个"]
        ["PLC控制器" "PLC", "触摸屏" "HMI Panel", "变频器" "Frequency Inverter",
         "伺服电机" "Servo Motor", "步进电机" "Stepper Motor", "开关电源" "Power Supply"]
        ["0.75kW", "2.2kW", "7寸", "14点", "24V 10A", "57mm"] 100..12000),
    category!("电机" "Motors" "MOT" ["台"]
        ["三相异步电机" "Three-phase Motor", "直流电机" "DC Motor", "减速电机" "Gear Motor",
         "离心风机" "Centrifugal Blower", "轴流风机" "Axial Fan"]
        ["0.55kW", "1.5kW", "4kW", "24V 60W", "220V 120W"] 150..5000),
    category!("电池" "Batteries" "BAT" ["节", "个", "组"]
        ["锂电池" "Li-ion Battery", "铅酸蓄电池" "Lead-acid Battery", "纽扣电池" "Coin Cell",
         "碱性电池" "Alkaline Battery"]
        ["18650 3.7V", "12V 7Ah", "CR2032", "AA", "48V 20Ah"] 1..1200),
    category!("胶粘剂" "Adhesives" "ADH" ["支", "瓶", "桶"]
        ["结构胶" "Structural Adhesive", "瞬干胶" "Instant Glue", "硅酮密封胶" "Silicone Sealant",
         "螺纹锁固剂" "Threadlocker", "热熔胶棒" "Hot-melt Glue Stick"]
        ["50ml", "300ml", "20g", "243", "透明"] 3..200),
    category!("化工原料" "Chemicals" "CHM" ["千克", "吨", "桶"]
        ["氢氧化钠" "Sodium Hydroxide", "碳酸钙" "Calcium Carbonate", "无水乙醇" "Ethanol",
         "双氧水" "Hydrogen Peroxide", "钛白粉" "Titanium Dioxide"]
        ["25kg/袋", "99%", "工业级", "分析纯", "食品级"] 2..80 fractional true),
    category!("涂料" "Paints & Coatings" "PNT" ["桶", "千克"]
        ["环氧地坪漆" "Epoxy Floor Paint", "防锈漆" "Anti-rust Primer", "丙烯酸漆" "Acrylic Paint",
         "稀释剂" "Thinner", "氟碳漆" "Fluorocarbon Paint"]
        ["灰色", "20kg", "4L", "红丹", "白色"] 30..900),
    category!("橡胶制品" "Rubber Products" "RBR" ["个", "米", "条"]
        ["O型圈" "O-ring", "橡胶垫" "Rubber Pad", "骨架油封" "Oil Seal", "橡胶管" "Rubber Hose",
         "减震垫" "Anti-vibration Mount"]
        ["10×2", "NBR", "FKM", "TC 30×47×7", "φ25"] 1..200),
    category!("纺织面料" "Fabrics" "FAB" ["米", "千克"]
        ["涤纶布" "Polyester Fabric", "纯棉布" "Cotton Fabric", "牛津布" "Oxford Cloth",
         "无纺布" "Non-woven Fabric", "帆布" "Canvas"]
        ["150cm宽", "600D", "40g", "32支", "防水"] 3..60 fractional true),
    category!("服装辅料" "Garment Accessories" "ACC" ["条", "个", "米", "包"]
        ["拉链" "Zipper", "树脂纽扣" "Resin Button", "织带" "Webbing", "魔术贴" "Hook and Loop",
         "松紧带" "Elastic Band"]
        ["5号", "20mm", "25mm", "黑色", "尼龙"] 1..20),
    category!("食品原料" "Food Ingredients" "FOD" ["千克", "袋"]
        ["白砂糖" "White Sugar", "大豆油" "Soybean Oil", "高筋面粉" "Bread Flour",
         "食用盐" "Salt", "玉米淀粉" "Corn Starch"]
        ["25kg", "一级", "50kg", "食品级"] 3..30 fractional true),
    category!("饮料" "Beverages" "BEV" ["箱", "瓶"]
        ["矿泉水" "Mineral Water", "绿茶饮料" "Green Tea", "速溶咖啡" "Instant Coffee",
         "橙汁" "Orange Juice"]
        ["550ml×24", "250ml×12", "1.5L×12", "30条"] 20..160),
    category!("实验室耗材" "Lab Consumables" "LAB" ["包", "盒", "个"]
        ["离心管" "Centrifuge Tube", "移液器吸头" "Pipette Tips", "培养皿" "Petri Dish",
         "丁腈手套" "Nitrile Gloves", "烧杯" "Beaker"]
        ["1.5ml", "200μl", "90mm", "500ml", "M号"] 5..300),
    category!("医疗器械" "Medical Devices" "MED" ["盒", "个", "台"]
        ["医用口罩" "Medical Mask", "一次性注射器" "Disposable Syringe",
         "电子体温计" "Digital Thermometer", "电子血压计" "Blood Pressure Monitor",
         "医用纱布" "Medical Gauze"]
        ["50只/盒", "5ml", "臂式", "10cm×10cm"] 1..500),
    category!("汽车配件" "Auto Parts" "AUTO" ["个", "套"]
        ["刹车片" "Brake Pad", "机油滤清器" "Oil Filter", "火花塞" "Spark Plug",
         "雨刮片" "Wiper Blade", "空气滤芯" "Air Filter"]
        ["前轮", "后轮", "W712", "铱金", "24寸"] 10..500),
    category!("计算机配件" "Computer Parts" "PC" ["个", "台", "条"]
        ["固态硬盘" "SSD", "内存条" "RAM Module", "机械键盘" "Mechanical Keyboard",
         "无线鼠标" "Wireless Mouse", "显示器" "Monitor"]
        ["512GB", "1TB", "16GB DDR4", "24寸", "27寸 2K"] 30..2500),
    category!("网络设备" "Networking" "NET" ["台", "个"]
        ["交换机" "Network Switch", "路由器" "Router", "光模块" "SFP Module",
         "无线AP" "Wireless Access Point"]
        ["8口", "24口", "千兆", "10G", "PoE"] 50..5000),
    category!("建材" "Building Materials" "BLD" ["张", "袋", "片", "根"]
        ["石膏板" "Gypsum Board", "硅酸盐水泥" "Portland Cement", "瓷砖" "Ceramic Tile",
         "PVC管" "PVC Pipe", "防水卷材" "Waterproof Membrane"]
        ["9.5mm", "42.5 50kg", "600×600", "DN110", "3mm"] 3..150),
    category!("家具" "Furniture" "FUR" ["张", "个", "套"]
        ["办公椅" "Office Chair", "办公桌" "Office Desk", "文件柜" "Filing Cabinet",
         "仓储货架" "Storage Rack", "会议桌" "Conference Table"]
        ["1.4m", "1.6m", "四层", "人体工学", "钢制"] 100..3500),
    category!("模具配件" "Mould Components" "MLD" ["个", "支"]
        ["顶针" "Ejector Pin", "导柱" "Guide Pillar", "模具弹簧" "Die Spring",
         "定位销" "Locating Pin", "导套" "Guide Bush"]
        ["φ6×150", "φ20×100", "TF 25×50", "SKD61", "SUJ2"] 1..200),
    category!("焊接材料" "Welding Supplies" "WLD" ["千克", "盒", "片", "个"]
        ["气保焊丝" "MIG Welding Wire", "电焊条" "Welding Rod", "焊锡丝" "Solder Wire",
         "焊接面罩" "Welding Helmet", "切割片" "Cutting Disc"]
        ["ER50-6 1.2mm", "J422 3.2mm", "0.8mm", "自动变光", "105×1.2mm"] 3..500),
];

/// Services that logistics suppliers offer (their category list).
pub const LOGISTICS_CATEGORIES: &[&str] = &["干线运输", "快递", "仓储", "冷链", "国际货运", "报关"];

/// Services that service suppliers offer.
pub const SERVICE_CATEGORIES: &[&str] = &[
    "设备维修",
    "检测认证",
    "IT服务",
    "清洁服务",
    "安保服务",
    "培训咨询",
    "软件服务",
];

/// Name endings of logistics suppliers (Chinese).
pub const LOGISTICS_WORDS: &[&str] = &["物流", "供应链管理", "货运代理", "速运", "仓储服务"];

/// Name endings of service suppliers (Chinese).
pub const SERVICE_WORDS: &[&str] = &[
    "设备维修服务",
    "检测技术服务",
    "信息技术",
    "物业服务",
    "企业管理咨询",
    "软件技术",
];

/// Roles of contacts at suppliers.
pub const SUPPLIER_ROLES: &[&str] = &[
    "销售经理",
    "业务员",
    "跟单员",
    "财务",
    "质量工程师",
    "总经理",
    "客服",
    "调度",
    "",
];

/// Notes a buyer writes on a supplier.
pub const SUPPLIER_NOTES: &[&str] = &[
    "月结30天",
    "交期不稳定，下单前确认库存",
    "质量稳定，优先采购",
    "年度框架协议供应商",
    "价格偏高，可议价",
    "只接受银行转账，预付30%",
    "Quotes in USD; ships FOB Ningbo.",
    "来料检验不合格两次，观察中",
];

/// Why stock is adjusted.
pub const ADJUSTMENT_REASONS: &[&str] = &[
    "盘点差异",
    "破损报废",
    "样品领用",
    "过期处理",
    "系统初始化",
    "Damaged in transit",
];
