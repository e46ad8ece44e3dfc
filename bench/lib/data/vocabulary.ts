import { CooperationType } from '../../../src/companies/cooperation-type';

/** A term in the three languages of the platform. */
export type Term = readonly [de: string, en: string, zh: string];
export type TextLanguage = 'de' | 'en' | 'zh';

export interface Domain {
  name: string;
  /** Share of profiles whose main sector is in this domain (German-Chinese industrial cooperation is machinery-heavy). */
  weight: number;
  /** NACE Rev. 2 classes, most common first: a profile's codes are drawn with a Zipf-like skew over this list. */
  classes: readonly string[];
  /** Products and services of the domain, as companies write them. */
  terms: readonly Term[];
  /** The industry the domain's customers are in. */
  industry: Term;
}

export const DOMAINS: readonly Domain[] = [
  {
    name: 'machinery',
    weight: 18,
    classes: ['28.41', '28.29', '28.99', '28.22', '28.13', '28.14', '28.15', '28.12', '28.25', '28.49', '28.92', '28.96', '28.94', '28.11', '28.30'],
    industry: ['Maschinenbau', 'mechanical engineering', '机械制造'],
    terms: [
      ['Werkzeugmaschinen', 'machine tools', '机床'],
      ['CNC-Fräsmaschinen', 'CNC milling machines', '数控铣床'],
      ['Verpackungsmaschinen', 'packaging machines', '包装机械'],
      ['Hydraulikzylinder', 'hydraulic cylinders', '液压缸'],
      ['Pumpen', 'pumps', '泵'],
      ['Ventile', 'valves', '阀门'],
      ['Kompressoren', 'compressors', '压缩机'],
      ['Getriebe', 'gearboxes', '齿轮箱'],
      ['Wälzlager', 'rolling bearings', '滚动轴承'],
      ['Industrieroboter', 'industrial robots', '工业机器人'],
      ['Fördertechnik', 'conveyor systems', '输送系统'],
      ['Spritzgießmaschinen', 'injection moulding machines', '注塑机'],
      ['Textilmaschinen', 'textile machinery', '纺织机械'],
      ['Landmaschinen', 'agricultural machinery', '农业机械'],
      ['Kältetechnik', 'refrigeration technology', '制冷技术'],
      ['Wärmepumpen', 'heat pumps', '热泵'],
      ['Automatisierungstechnik', 'automation technology', '自动化技术'],
    ],
  },
  {
    name: 'metal',
    weight: 12,
    classes: ['25.62', '25.61', '25.50', '25.11', '25.73', '25.94', '25.99', '24.10', '24.42', '24.20', '24.51', '24.53'],
    industry: ['Metallverarbeitung', 'metalworking', '金属加工'],
    terms: [
      ['Blechbearbeitung', 'sheet metal processing', '钣金加工'],
      ['CNC-Bearbeitung', 'CNC machining', '数控加工'],
      ['Aluminiumdruckguss', 'aluminium die casting', '铝压铸'],
      ['Schmiedeteile', 'forgings', '锻件'],
      ['Drehteile', 'turned parts', '车削件'],
      ['Schweißbaugruppen', 'welded assemblies', '焊接组件'],
      ['Oberflächenveredelung', 'surface finishing', '表面处理'],
      ['Verbindungselemente', 'fasteners', '紧固件'],
      ['Edelstahlrohre', 'stainless steel tubes', '不锈钢管'],
      ['Präzisionsstanzteile', 'precision stampings', '精密冲压件'],
      ['Gussteile', 'castings', '铸件'],
    ],
  },
  {
    name: 'electronics',
    weight: 11,
    classes: ['26.51', '26.11', '26.12', '26.20', '26.30', '26.70', '26.60'],
    industry: ['Elektronikindustrie', 'electronics industry', '电子工业'],
    terms: [
      ['Drucksensoren', 'pressure sensors', '压力传感器'],
      ['Sensoren', 'sensors', '传感器'],
      ['Leiterplattenbestückung', 'PCB assembly', '电路板组装'],
      ['Halbleiter', 'semiconductors', '半导体'],
      ['Messtechnik', 'measurement technology', '测量技术'],
      ['Industriekameras', 'industrial cameras', '工业相机'],
      ['Steuerungselektronik', 'control electronics', '控制电子'],
      ['Mikrocontroller', 'microcontrollers', '微控制器'],
      ['optische Sensoren', 'optical sensors', '光学传感器'],
      ['Embedded-Systeme', 'embedded systems', '嵌入式系统'],
      ['Lasermesstechnik', 'laser metrology', '激光测量'],
    ],
  },
  {
    name: 'electrical',
    weight: 10,
    classes: ['27.11', '27.12', '27.20', '27.32', '27.33', '27.40', '27.90'],
    industry: ['Elektroindustrie', 'electrical industry', '电气工业'],
    terms: [
      ['Elektromotoren', 'electric motors', '电动机'],
      ['Servomotoren', 'servo motors', '伺服电机'],
      ['Lithium-Ionen-Batterien', 'lithium-ion batteries', '锂离子电池'],
      ['Wechselrichter', 'inverters', '逆变器'],
      ['Transformatoren', 'transformers', '变压器'],
      ['Schaltanlagen', 'switchgear', '开关设备'],
      ['LED-Beleuchtung', 'LED lighting', 'LED照明'],
      ['Kabelbäume', 'wire harnesses', '线束'],
      ['Steckverbinder', 'connectors', '连接器'],
      ['Ladesäulen', 'charging stations', '充电桩'],
    ],
  },
  {
    name: 'automotive',
    weight: 9,
    classes: ['29.32', '29.31', '29.10', '29.20', '30.20', '30.30'],
    industry: ['Automobilindustrie', 'automotive industry', '汽车工业'],
    terms: [
      ['Fahrzeugteile', 'automotive parts', '汽车零部件'],
      ['Bremssysteme', 'brake systems', '制动系统'],
      ['Elektrofahrzeuge', 'electric vehicles', '电动汽车'],
      ['Fahrzeugelektronik', 'vehicle electronics', '汽车电子'],
      ['Karosserieteile', 'body parts', '车身部件'],
      ['Antriebsstränge', 'powertrains', '动力总成'],
      ['Schienenfahrzeugkomponenten', 'rail vehicle components', '轨道车辆部件'],
      ['Luftfahrtkomponenten', 'aerospace components', '航空部件'],
    ],
  },
  {
    name: 'plastics-chemicals',
    weight: 8,
    classes: ['22.29', '22.21', '20.59', '20.16', '20.13', '22.19', '20.30', '20.52', '22.11', '22.22', '20.11'],
    industry: ['Chemieindustrie', 'chemical industry', '化学工业'],
    terms: [
      ['Kunststoffgranulat', 'plastic granulate', '塑料颗粒'],
      ['Spritzgussteile', 'injection moulded parts', '注塑件'],
      ['Spritzgießwerkzeuge', 'injection moulds', '注塑模具'],
      ['Klebstoffe', 'adhesives', '胶粘剂'],
      ['Beschichtungen', 'coatings', '涂料'],
      ['Industriegase', 'industrial gases', '工业气体'],
      ['Spezialchemikalien', 'specialty chemicals', '精细化学品'],
      ['Dichtungen', 'seals', '密封件'],
      ['Folien', 'films', '薄膜'],
      ['Verbundwerkstoffe', 'composite materials', '复合材料'],
    ],
  },
  {
    name: 'software',
    weight: 8,
    classes: ['62.01', '62.02', '62.09', '63.11', '62.03', '58.29'],
    industry: ['Industrie 4.0', 'Industry 4.0', '工业4.0'],
    terms: [
      ['Steuerungssoftware', 'control software', '控制软件'],
      ['ERP-Beratung', 'ERP consulting', 'ERP咨询'],
      ['Cloud-Lösungen', 'cloud solutions', '云解决方案'],
      ['IT-Sicherheit', 'IT security', '网络安全'],
      ['Datenanalyse', 'data analytics', '数据分析'],
      ['künstliche Intelligenz', 'artificial intelligence', '人工智能'],
      ['MES-Software', 'manufacturing execution systems', '制造执行系统'],
      ['digitale Zwillinge', 'digital twins', '数字孪生'],
      ['Bildverarbeitung', 'machine vision', '机器视觉'],
    ],
  },
  {
    name: 'engineering-services',
    weight: 7,
    classes: ['71.12', '72.19', '70.22', '71.20', '74.10', '71.11', '74.90'],
    industry: ['Industrie', 'industry', '工业'],
    terms: [
      ['Ingenieurdienstleistungen', 'engineering services', '工程服务'],
      ['Prüfdienstleistungen', 'testing services', '检测服务'],
      ['Zertifizierung', 'certification', '认证服务'],
      ['Produktentwicklung', 'product development', '产品开发'],
      ['Prototypenbau', 'prototyping', '样机制作'],
      ['Unternehmensberatung', 'management consulting', '管理咨询'],
      ['Markteintrittsberatung', 'market entry consulting', '市场进入咨询'],
      ['Werkstoffprüfung', 'materials testing', '材料检测'],
      ['Forschung und Entwicklung', 'research and development', '研发'],
    ],
  },
  {
    name: 'medical',
    weight: 5,
    classes: ['32.50', '21.20', '26.60', '21.10', '72.11'],
    industry: ['Gesundheitswirtschaft', 'healthcare', '医疗健康'],
    terms: [
      ['Medizintechnik', 'medical technology', '医疗器械'],
      ['Diagnostikgeräte', 'diagnostic equipment', '诊断设备'],
      ['Laborgeräte', 'laboratory equipment', '实验室设备'],
      ['pharmazeutische Wirkstoffe', 'active pharmaceutical ingredients', '原料药'],
      ['Dentalprodukte', 'dental products', '牙科产品'],
      ['Orthopädietechnik', 'orthopaedic devices', '骨科器械'],
      ['Sterilisationstechnik', 'sterilisation technology', '灭菌技术'],
      ['Biotechnologie', 'biotechnology', '生物技术'],
    ],
  },
  {
    name: 'energy-environment',
    weight: 5,
    classes: ['35.11', '38.32', '35.30', '38.21', '36.00', '37.00', '38.11', '39.00', '35.13'],
    industry: ['Energiewirtschaft', 'energy sector', '能源行业'],
    terms: [
      ['Photovoltaikmodule', 'photovoltaic modules', '光伏组件'],
      ['Windenergieanlagen', 'wind turbines', '风力发电机组'],
      ['Wasseraufbereitung', 'water treatment', '水处理'],
      ['Recycling', 'recycling', '回收利用'],
      ['Abwassertechnik', 'wastewater technology', '污水处理技术'],
      ['Energiespeicher', 'energy storage', '储能系统'],
      ['Wasserstofftechnik', 'hydrogen technology', '氢能技术'],
      ['Filtertechnik', 'filtration technology', '过滤技术'],
    ],
  },
  {
    name: 'logistics-trade',
    weight: 3,
    classes: ['46.69', '52.29', '46.14', '49.41', '46.90', '52.10', '49.20', '46.43'],
    industry: ['Handel', 'trade', '贸易'],
    terms: [
      ['Großhandel', 'wholesale', '批发'],
      ['Kontraktlogistik', 'contract logistics', '合同物流'],
      ['Lagerlogistik', 'warehousing', '仓储'],
      ['Schienengüterverkehr', 'rail freight', '铁路货运'],
      ['Zollabwicklung', 'customs clearance', '清关'],
      ['Ersatzteilhandel', 'spare parts trade', '备件贸易'],
      ['Import und Export', 'import and export', '进出口'],
    ],
  },
  {
    name: 'food',
    weight: 2,
    classes: ['10.89', '10.71', '10.51', '11.07', '10.11', '11.05'],
    industry: ['Lebensmittelindustrie', 'food industry', '食品工业'],
    terms: [
      ['Lebensmittelverarbeitung', 'food processing', '食品加工'],
      ['Getränke', 'beverages', '饮料'],
      ['Backwaren', 'bakery products', '烘焙食品'],
      ['Lebensmittelverpackungen', 'food packaging', '食品包装'],
      ['Nahrungsergänzungsmittel', 'dietary supplements', '营养补充剂'],
      ['Bio-Lebensmittel', 'organic food', '有机食品'],
    ],
  },
  {
    name: 'consumer-goods',
    weight: 1.5,
    classes: ['27.51', '13.96', '31.09', '23.41', '14.13', '31.01', '32.30', '15.12', '23.13'],
    industry: ['Konsumgüterindustrie', 'consumer goods industry', '消费品行业'],
    terms: [
      ['technische Textilien', 'technical textiles', '产业用纺织品'],
      ['Bekleidung', 'apparel', '服装'],
      ['Möbel', 'furniture', '家具'],
      ['Haushaltsgeräte', 'household appliances', '家用电器'],
      ['Sportartikel', 'sporting goods', '体育用品'],
      ['Keramik', 'ceramics', '陶瓷'],
      ['Glasprodukte', 'glass products', '玻璃制品'],
    ],
  },
  {
    name: 'construction',
    weight: 1.5,
    classes: ['43.22', '43.21', '23.61', '41.20', '23.51', '42.99'],
    industry: ['Bauwirtschaft', 'construction industry', '建筑业'],
    terms: [
      ['Baustoffe', 'building materials', '建筑材料'],
      ['Fassadentechnik', 'facade technology', '幕墙技术'],
      ['Gebäudeautomation', 'building automation', '楼宇自动化'],
      ['Heizungstechnik', 'heating technology', '供暖技术'],
      ['Fertighäuser', 'prefabricated buildings', '装配式建筑'],
      ['Dämmstoffe', 'insulation materials', '保温材料'],
    ],
  },
  {
    name: 'education',
    weight: 1,
    classes: ['85.42', '85.32', '85.59'],
    industry: ['Bildung', 'education', '教育'],
    terms: [
      ['Berufsausbildung', 'vocational training', '职业培训'],
      ['Weiterbildung', 'further education', '继续教育'],
      ['duale Ausbildung', 'dual vocational training', '双元制职业教育'],
      ['Sprachkurse', 'language courses', '语言课程'],
    ],
  },
];

/** Where a company looks for partners, named in its text. */
export const MARKETS_SEEN_FROM: Record<'DE' | 'CN', readonly Term[]> = {
  DE: [
    ['China', 'China', '中国'],
    ['Südchina', 'South China', '华南'],
    ['Guangdong', 'Guangdong', '广东'],
    ['Zhejiang', 'Zhejiang', '浙江'],
    ['der Provinz Sichuan', 'Sichuan province', '四川'],
  ],
  CN: [
    ['Deutschland', 'Germany', '德国'],
    ['Europa', 'Europe', '欧洲'],
    ['Bayern', 'Bavaria', '巴伐利亚'],
    ['Nordrhein-Westfalen', 'North Rhine-Westphalia', '北莱茵-威斯特法伦'],
    ['Hessen', 'Hesse', '黑森'],
  ],
};

type Fill = { a: string; b: string; c: string; industry: string; market: string; years: number };

/** Sentences as companies write them: what they offer. */
export const OFFER_SENTENCES: Record<TextLanguage, Array<(f: Fill) => string>> = {
  de: [
    (f) => `Wir entwickeln und fertigen ${f.a} und ${f.b} für die ${f.industry}.`,
    (f) => `Unser Angebot: ${f.a}, ${f.b} und ${f.c} – in Serie und als Sonderanfertigung.`,
    (f) => `Wir liefern ${f.a} sowie ${f.b}, mit Inbetriebnahme, Service und Wartung.`,
    (f) => `Spezialisiert auf ${f.a} und ${f.b}; zertifiziert nach ISO 9001, seit ${f.years} Jahren am Markt.`,
  ],
  en: [
    (f) => `We develop and manufacture ${f.a} and ${f.b} for the ${f.industry}.`,
    (f) => `We supply ${f.a}, ${f.b} and ${f.c}, both in series and custom-made.`,
    (f) => `Specialised in ${f.a} and ${f.b}; ISO 9001 certified, ${f.years} years in the market.`,
    (f) => `Our portfolio covers ${f.a} and ${f.b}, including installation, service and maintenance.`,
  ],
  zh: [
    (f) => `我们研发和生产${f.a}和${f.b}，服务于${f.industry}。`,
    (f) => `公司专业提供${f.a}、${f.b}及${f.c}，可批量生产和定制。`,
    (f) => `专注于${f.a}和${f.b}，通过ISO 9001认证，行业经验${f.years}年。`,
    (f) => `主营${f.a}，并提供${f.b}的安装、售后和维护服务。`,
  ],
};

/** What they seek, by the kind of cooperation. */
export const SEEK_SENTENCES: Record<TextLanguage, Partial<Record<CooperationType, (f: Fill) => string>> & { other: (f: Fill) => string }> = {
  de: {
    [CooperationType.Distribution]: (f) => `Wir suchen Vertriebspartner für ${f.a} und ${f.b} in ${f.market}.`,
    [CooperationType.Supplier]: (f) => `Gesucht: zuverlässige Lieferanten für ${f.a} und ${f.b}.`,
    [CooperationType.JointVenture]: (f) => `Wir suchen einen Partner für ein Joint Venture im Bereich ${f.a} in ${f.market}.`,
    [CooperationType.ResearchCooperation]: (f) => `Partner für gemeinsame Forschung und Entwicklung zu ${f.a} gesucht.`,
    [CooperationType.Manufacturing]: (f) => `Wir suchen Fertigungspartner für ${f.a} und ${f.b}.`,
    other: (f) => `Wir suchen Kooperationspartner für ${f.a} in ${f.market}.`,
  },
  en: {
    [CooperationType.Distribution]: (f) => `We are looking for distribution partners for ${f.a} and ${f.b} in ${f.market}.`,
    [CooperationType.Supplier]: (f) => `Looking for reliable suppliers of ${f.a} and ${f.b}.`,
    [CooperationType.JointVenture]: (f) => `Seeking a joint venture partner for ${f.a} in ${f.market}.`,
    [CooperationType.ResearchCooperation]: (f) => `Seeking partners for joint research and development on ${f.a}.`,
    [CooperationType.Manufacturing]: (f) => `Looking for contract manufacturers of ${f.a} and ${f.b}.`,
    other: (f) => `We are looking for cooperation partners for ${f.a} in ${f.market}.`,
  },
  zh: {
    [CooperationType.Distribution]: (f) => `寻找${f.market}的${f.a}和${f.b}经销商。`,
    [CooperationType.Supplier]: (f) => `寻求可靠的${f.a}和${f.b}供应商。`,
    [CooperationType.JointVenture]: (f) => `寻求在${f.market}成立${f.a}领域的合资企业。`,
    [CooperationType.ResearchCooperation]: (f) => `寻找${f.a}领域的合作研发伙伴。`,
    [CooperationType.Manufacturing]: (f) => `寻找${f.a}和${f.b}的代工合作伙伴。`,
    other: (f) => `寻找${f.market}的${f.a}合作伙伴。`,
  },
};

export const DESCRIPTIONS: Record<TextLanguage, (f: { kind: string; place: string; staff: number; year: number; offer: string }) => string> = {
  de: (f) => `${f.kind} aus ${f.place} mit ${f.staff} Beschäftigten, gegründet ${f.year}. ${f.offer}`,
  en: (f) => `${f.kind} based in ${f.place} with ${f.staff} employees, founded in ${f.year}. ${f.offer}`,
  zh: (f) => `${f.kind}，位于${f.place}，员工${f.staff}人，成立于${f.year}年。${f.offer}`,
};

export const ORGANISATION_KIND: Record<TextLanguage, Record<string, string>> = {
  de: { company: 'Mittelständisches Unternehmen', research_institution: 'Forschungsinstitut', university: 'Hochschule', cluster: 'Branchencluster', association: 'Wirtschaftsverband' },
  en: { company: 'A company', research_institution: 'A research institute', university: 'A university', cluster: 'An industry cluster', association: 'A business association' },
  zh: { company: '企业', research_institution: '科研机构', university: '高校', cluster: '产业集群', association: '行业协会' },
};
