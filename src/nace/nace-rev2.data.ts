/** NACE Rev. 2 sections and divisions (Regulation (EC) No 1893/2006), titled in German, English and Simplified Chinese. */

export interface NaceTitles {
  de: string;
  en: string;
  zh: string;
}

export interface NaceSection {
  code: string;
  titles: NaceTitles;
}

export interface NaceDivision {
  code: string;
  section: string;
  titles: NaceTitles;
}

export const NACE_SECTIONS: readonly NaceSection[] = [
  { code: 'A', titles: { de: 'Land- und Forstwirtschaft, Fischerei', en: 'Agriculture, forestry and fishing', zh: '农业、林业和渔业' } },
  { code: 'B', titles: { de: 'Bergbau und Gewinnung von Steinen und Erden', en: 'Mining and quarrying', zh: '采矿和采石' } },
  { code: 'C', titles: { de: 'Verarbeitendes Gewerbe/Herstellung von Waren', en: 'Manufacturing', zh: '制造业' } },
  { code: 'D', titles: { de: 'Energieversorgung', en: 'Electricity, gas, steam and air conditioning supply', zh: '电力、燃气、蒸汽和空调供应' } },
  {
    code: 'E',
    titles: {
      de: 'Wasserversorgung; Abwasser- und Abfallentsorgung und Beseitigung von Umweltverschmutzungen',
      en: 'Water supply; sewerage, waste management and remediation activities',
      zh: '供水；污水处理、废物管理和补救活动',
    },
  },
  { code: 'F', titles: { de: 'Baugewerbe/Bau', en: 'Construction', zh: '建筑业' } },
  {
    code: 'G',
    titles: {
      de: 'Handel; Instandhaltung und Reparatur von Kraftfahrzeugen',
      en: 'Wholesale and retail trade; repair of motor vehicles and motorcycles',
      zh: '批发和零售业；汽车和摩托车修理',
    },
  },
  { code: 'H', titles: { de: 'Verkehr und Lagerei', en: 'Transportation and storage', zh: '运输和仓储' } },
  { code: 'I', titles: { de: 'Gastgewerbe/Beherbergung und Gastronomie', en: 'Accommodation and food service activities', zh: '住宿和餐饮服务活动' } },
  { code: 'J', titles: { de: 'Information und Kommunikation', en: 'Information and communication', zh: '信息和通信' } },
  { code: 'K', titles: { de: 'Erbringung von Finanz- und Versicherungsdienstleistungen', en: 'Financial and insurance activities', zh: '金融和保险活动' } },
  { code: 'L', titles: { de: 'Grundstücks- und Wohnungswesen', en: 'Real estate activities', zh: '房地产活动' } },
  {
    code: 'M',
    titles: {
      de: 'Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen',
      en: 'Professional, scientific and technical activities',
      zh: '专业、科学和技术活动',
    },
  },
  {
    code: 'N',
    titles: { de: 'Erbringung von sonstigen wirtschaftlichen Dienstleistungen', en: 'Administrative and support service activities', zh: '行政和支助服务活动' },
  },
  {
    code: 'O',
    titles: {
      de: 'Öffentliche Verwaltung, Verteidigung; Sozialversicherung',
      en: 'Public administration and defence; compulsory social security',
      zh: '公共管理和国防；强制性社会保障',
    },
  },
  { code: 'P', titles: { de: 'Erziehung und Unterricht', en: 'Education', zh: '教育' } },
  { code: 'Q', titles: { de: 'Gesundheits- und Sozialwesen', en: 'Human health and social work activities', zh: '人体健康和社会工作活动' } },
  { code: 'R', titles: { de: 'Kunst, Unterhaltung und Erholung', en: 'Arts, entertainment and recreation', zh: '艺术、娱乐和文娱活动' } },
  { code: 'S', titles: { de: 'Erbringung von sonstigen Dienstleistungen', en: 'Other service activities', zh: '其他服务活动' } },
  {
    code: 'T',
    titles: {
      de: 'Private Haushalte mit Hauspersonal; Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten Schwerpunkt',
      en: 'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use',
      zh: '家庭作为雇主的活动；家庭自用的未加区分的货物生产和服务活动',
    },
  },
  {
    code: 'U',
    titles: {
      de: 'Exterritoriale Organisationen und Körperschaften',
      en: 'Activities of extraterritorial organisations and bodies',
      zh: '域外组织和机构的活动',
    },
  },
];

export const NACE_DIVISIONS: readonly NaceDivision[] = [
  {
    code: '01',
    section: 'A',
    titles: {
      de: 'Landwirtschaft, Jagd und damit verbundene Tätigkeiten',
      en: 'Crop and animal production, hunting and related service activities',
      zh: '作物和牲畜生产、狩猎和相关服务活动',
    },
  },
  { code: '02', section: 'A', titles: { de: 'Forstwirtschaft und Holzeinschlag', en: 'Forestry and logging', zh: '林业和伐木' } },
  { code: '03', section: 'A', titles: { de: 'Fischerei und Aquakultur', en: 'Fishing and aquaculture', zh: '捕捞和水产养殖' } },
  { code: '05', section: 'B', titles: { de: 'Kohlenbergbau', en: 'Mining of coal and lignite', zh: '煤炭和褐煤开采' } },
  { code: '06', section: 'B', titles: { de: 'Gewinnung von Erdöl und Erdgas', en: 'Extraction of crude petroleum and natural gas', zh: '原油和天然气开采' } },
  { code: '07', section: 'B', titles: { de: 'Erzbergbau', en: 'Mining of metal ores', zh: '金属矿开采' } },
  { code: '08', section: 'B', titles: { de: 'Gewinnung von Steinen und Erden, sonstiger Bergbau', en: 'Other mining and quarrying', zh: '其他采矿和采石' } },
  {
    code: '09',
    section: 'B',
    titles: {
      de: 'Erbringung von Dienstleistungen für den Bergbau und für die Gewinnung von Steinen und Erden',
      en: 'Mining support service activities',
      zh: '采矿支持服务活动',
    },
  },
  { code: '10', section: 'C', titles: { de: 'Herstellung von Nahrungs- und Futtermitteln', en: 'Manufacture of food products', zh: '食品制造' } },
  { code: '11', section: 'C', titles: { de: 'Getränkeherstellung', en: 'Manufacture of beverages', zh: '饮料制造' } },
  { code: '12', section: 'C', titles: { de: 'Tabakverarbeitung', en: 'Manufacture of tobacco products', zh: '烟草制品制造' } },
  { code: '13', section: 'C', titles: { de: 'Herstellung von Textilien', en: 'Manufacture of textiles', zh: '纺织品制造' } },
  { code: '14', section: 'C', titles: { de: 'Herstellung von Bekleidung', en: 'Manufacture of wearing apparel', zh: '服装制造' } },
  {
    code: '15',
    section: 'C',
    titles: { de: 'Herstellung von Leder, Lederwaren und Schuhen', en: 'Manufacture of leather and related products', zh: '皮革及相关产品制造' },
  },
  {
    code: '16',
    section: 'C',
    titles: {
      de: 'Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)',
      en: 'Manufacture of wood and of products of wood and cork, except furniture; manufacture of articles of straw and plaiting materials',
      zh: '木材及木材和软木制品制造（家具除外）；草编制品及编织材料物品制造',
    },
  },
  {
    code: '17',
    section: 'C',
    titles: { de: 'Herstellung von Papier, Pappe und Waren daraus', en: 'Manufacture of paper and paper products', zh: '纸和纸制品制造' },
  },
  {
    code: '18',
    section: 'C',
    titles: {
      de: 'Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- und Datenträgern',
      en: 'Printing and reproduction of recorded media',
      zh: '印刷和记录媒介复制',
    },
  },
  {
    code: '19',
    section: 'C',
    titles: { de: 'Kokerei und Mineralölverarbeitung', en: 'Manufacture of coke and refined petroleum products', zh: '焦炭和精炼石油产品制造' },
  },
  {
    code: '20',
    section: 'C',
    titles: { de: 'Herstellung von chemischen Erzeugnissen', en: 'Manufacture of chemicals and chemical products', zh: '化学品和化学制品制造' },
  },
  {
    code: '21',
    section: 'C',
    titles: {
      de: 'Herstellung von pharmazeutischen Erzeugnissen',
      en: 'Manufacture of basic pharmaceutical products and pharmaceutical preparations',
      zh: '基本医药产品和医药制剂制造',
    },
  },
  {
    code: '22',
    section: 'C',
    titles: { de: 'Herstellung von Gummi- und Kunststoffwaren', en: 'Manufacture of rubber and plastic products', zh: '橡胶和塑料制品制造' },
  },
  {
    code: '23',
    section: 'C',
    titles: {
      de: 'Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden',
      en: 'Manufacture of other non-metallic mineral products',
      zh: '其他非金属矿物制品制造',
    },
  },
  { code: '24', section: 'C', titles: { de: 'Metallerzeugung und -bearbeitung', en: 'Manufacture of basic metals', zh: '基本金属制造' } },
  {
    code: '25',
    section: 'C',
    titles: {
      de: 'Herstellung von Metallerzeugnissen',
      en: 'Manufacture of fabricated metal products, except machinery and equipment',
      zh: '金属制品制造（机械和设备除外）',
    },
  },
  {
    code: '26',
    section: 'C',
    titles: {
      de: 'Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen',
      en: 'Manufacture of computer, electronic and optical products',
      zh: '计算机、电子和光学产品制造',
    },
  },
  { code: '27', section: 'C', titles: { de: 'Herstellung von elektrischen Ausrüstungen', en: 'Manufacture of electrical equipment', zh: '电气设备制造' } },
  { code: '28', section: 'C', titles: { de: 'Maschinenbau', en: 'Manufacture of machinery and equipment n.e.c.', zh: '未另分类的机械和设备制造' } },
  {
    code: '29',
    section: 'C',
    titles: {
      de: 'Herstellung von Kraftwagen und Kraftwagenteilen',
      en: 'Manufacture of motor vehicles, trailers and semi-trailers',
      zh: '汽车、挂车和半挂车制造',
    },
  },
  { code: '30', section: 'C', titles: { de: 'Sonstiger Fahrzeugbau', en: 'Manufacture of other transport equipment', zh: '其他运输设备制造' } },
  { code: '31', section: 'C', titles: { de: 'Herstellung von Möbeln', en: 'Manufacture of furniture', zh: '家具制造' } },
  { code: '32', section: 'C', titles: { de: 'Herstellung von sonstigen Waren', en: 'Other manufacturing', zh: '其他制造业' } },
  {
    code: '33',
    section: 'C',
    titles: {
      de: 'Reparatur und Installation von Maschinen und Ausrüstungen',
      en: 'Repair and installation of machinery and equipment',
      zh: '机械和设备的修理和安装',
    },
  },
  {
    code: '35',
    section: 'D',
    titles: { de: 'Energieversorgung', en: 'Electricity, gas, steam and air conditioning supply', zh: '电力、燃气、蒸汽和空调供应' },
  },
  { code: '36', section: 'E', titles: { de: 'Wasserversorgung', en: 'Water collection, treatment and supply', zh: '集水、水处理和供水' } },
  { code: '37', section: 'E', titles: { de: 'Abwasserentsorgung', en: 'Sewerage', zh: '污水处理' } },
  {
    code: '38',
    section: 'E',
    titles: {
      de: 'Sammlung, Behandlung und Beseitigung von Abfällen; Rückgewinnung',
      en: 'Waste collection, treatment and disposal activities; materials recovery',
      zh: '废物收集、处理和处置活动；材料回收',
    },
  },
  {
    code: '39',
    section: 'E',
    titles: {
      de: 'Beseitigung von Umweltverschmutzungen und sonstige Entsorgung',
      en: 'Remediation activities and other waste management services',
      zh: '补救活动和其他废物管理服务',
    },
  },
  { code: '41', section: 'F', titles: { de: 'Hochbau', en: 'Construction of buildings', zh: '房屋建筑' } },
  { code: '42', section: 'F', titles: { de: 'Tiefbau', en: 'Civil engineering', zh: '土木工程' } },
  {
    code: '43',
    section: 'F',
    titles: {
      de: 'Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe',
      en: 'Specialised construction activities',
      zh: '专业建筑活动',
    },
  },
  {
    code: '45',
    section: 'G',
    titles: {
      de: 'Handel mit Kraftfahrzeugen; Instandhaltung und Reparatur von Kraftfahrzeugen',
      en: 'Wholesale and retail trade and repair of motor vehicles and motorcycles',
      zh: '汽车和摩托车的批发、零售和修理',
    },
  },
  {
    code: '46',
    section: 'G',
    titles: {
      de: 'Großhandel (ohne Handel mit Kraftfahrzeugen)',
      en: 'Wholesale trade, except of motor vehicles and motorcycles',
      zh: '批发贸易（汽车和摩托车除外）',
    },
  },
  {
    code: '47',
    section: 'G',
    titles: {
      de: 'Einzelhandel (ohne Handel mit Kraftfahrzeugen)',
      en: 'Retail trade, except of motor vehicles and motorcycles',
      zh: '零售贸易（汽车和摩托车除外）',
    },
  },
  {
    code: '49',
    section: 'H',
    titles: { de: 'Landverkehr und Transport in Rohrfernleitungen', en: 'Land transport and transport via pipelines', zh: '陆路运输和管道运输' },
  },
  { code: '50', section: 'H', titles: { de: 'Schifffahrt', en: 'Water transport', zh: '水上运输' } },
  { code: '51', section: 'H', titles: { de: 'Luftfahrt', en: 'Air transport', zh: '航空运输' } },
  {
    code: '52',
    section: 'H',
    titles: {
      de: 'Lagerei sowie Erbringung von sonstigen Dienstleistungen für den Verkehr',
      en: 'Warehousing and support activities for transportation',
      zh: '仓储和运输辅助活动',
    },
  },
  { code: '53', section: 'H', titles: { de: 'Post-, Kurier- und Expressdienste', en: 'Postal and courier activities', zh: '邮政和快递活动' } },
  { code: '55', section: 'I', titles: { de: 'Beherbergung', en: 'Accommodation', zh: '住宿' } },
  { code: '56', section: 'I', titles: { de: 'Gastronomie', en: 'Food and beverage service activities', zh: '餐饮服务活动' } },
  { code: '58', section: 'J', titles: { de: 'Verlagswesen', en: 'Publishing activities', zh: '出版活动' } },
  {
    code: '59',
    section: 'J',
    titles: {
      de: 'Herstellung, Verleih und Vertrieb von Filmen und Fernsehprogrammen; Kinos; Tonstudios und Verlegen von Musik',
      en: 'Motion picture, video and television programme production, sound recording and music publishing activities',
      zh: '电影、录像和电视节目制作，录音和音乐出版活动',
    },
  },
  { code: '60', section: 'J', titles: { de: 'Rundfunkveranstalter', en: 'Programming and broadcasting activities', zh: '节目编排和广播活动' } },
  { code: '61', section: 'J', titles: { de: 'Telekommunikation', en: 'Telecommunications', zh: '电信' } },
  {
    code: '62',
    section: 'J',
    titles: {
      de: 'Erbringung von Dienstleistungen der Informationstechnologie',
      en: 'Computer programming, consultancy and related activities',
      zh: '计算机编程、咨询及相关活动',
    },
  },
  { code: '63', section: 'J', titles: { de: 'Informationsdienstleistungen', en: 'Information service activities', zh: '信息服务活动' } },
  {
    code: '64',
    section: 'K',
    titles: {
      de: 'Erbringung von Finanzdienstleistungen',
      en: 'Financial service activities, except insurance and pension funding',
      zh: '金融服务活动（保险和养老基金除外）',
    },
  },
  {
    code: '65',
    section: 'K',
    titles: {
      de: 'Versicherungen, Rückversicherungen und Pensionskassen (ohne Sozialversicherung)',
      en: 'Insurance, reinsurance and pension funding, except compulsory social security',
      zh: '保险、再保险和养老基金（强制性社会保障除外）',
    },
  },
  {
    code: '66',
    section: 'K',
    titles: {
      de: 'Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten',
      en: 'Activities auxiliary to financial services and insurance activities',
      zh: '金融服务和保险的辅助活动',
    },
  },
  { code: '68', section: 'L', titles: { de: 'Grundstücks- und Wohnungswesen', en: 'Real estate activities', zh: '房地产活动' } },
  { code: '69', section: 'M', titles: { de: 'Rechts- und Steuerberatung, Wirtschaftsprüfung', en: 'Legal and accounting activities', zh: '法律和会计活动' } },
  {
    code: '70',
    section: 'M',
    titles: {
      de: 'Verwaltung und Führung von Unternehmen und Betrieben; Unternehmensberatung',
      en: 'Activities of head offices; management consultancy activities',
      zh: '总部活动；管理咨询活动',
    },
  },
  {
    code: '71',
    section: 'M',
    titles: {
      de: 'Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung',
      en: 'Architectural and engineering activities; technical testing and analysis',
      zh: '建筑和工程活动；技术测试和分析',
    },
  },
  { code: '72', section: 'M', titles: { de: 'Forschung und Entwicklung', en: 'Scientific research and development', zh: '科学研究和试验发展' } },
  { code: '73', section: 'M', titles: { de: 'Werbung und Marktforschung', en: 'Advertising and market research', zh: '广告和市场调研' } },
  {
    code: '74',
    section: 'M',
    titles: {
      de: 'Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten',
      en: 'Other professional, scientific and technical activities',
      zh: '其他专业、科学和技术活动',
    },
  },
  { code: '75', section: 'M', titles: { de: 'Veterinärwesen', en: 'Veterinary activities', zh: '兽医活动' } },
  { code: '77', section: 'N', titles: { de: 'Vermietung von beweglichen Sachen', en: 'Rental and leasing activities', zh: '出租和租赁活动' } },
  { code: '78', section: 'N', titles: { de: 'Vermittlung und Überlassung von Arbeitskräften', en: 'Employment activities', zh: '就业活动' } },
  {
    code: '79',
    section: 'N',
    titles: {
      de: 'Reisebüros, Reiseveranstalter und Erbringung sonstiger Reservierungsdienstleistungen',
      en: 'Travel agency, tour operator reservation service and related activities',
      zh: '旅行社、旅游经营者、预订服务及相关活动',
    },
  },
  {
    code: '80',
    section: 'N',
    titles: { de: 'Wach- und Sicherheitsdienste sowie Detekteien', en: 'Security and investigation activities', zh: '安保和调查活动' },
  },
  {
    code: '81',
    section: 'N',
    titles: { de: 'Gebäudebetreuung; Garten- und Landschaftsbau', en: 'Services to buildings and landscape activities', zh: '建筑物服务和景观活动' },
  },
  {
    code: '82',
    section: 'N',
    titles: {
      de: 'Erbringung von wirtschaftlichen Dienstleistungen für Unternehmen und Privatpersonen a. n. g.',
      en: 'Office administrative, office support and other business support activities',
      zh: '办公室行政、办公支助和其他商业支助活动',
    },
  },
  {
    code: '84',
    section: 'O',
    titles: {
      de: 'Öffentliche Verwaltung, Verteidigung; Sozialversicherung',
      en: 'Public administration and defence; compulsory social security',
      zh: '公共管理和国防；强制性社会保障',
    },
  },
  { code: '85', section: 'P', titles: { de: 'Erziehung und Unterricht', en: 'Education', zh: '教育' } },
  { code: '86', section: 'Q', titles: { de: 'Gesundheitswesen', en: 'Human health activities', zh: '人体健康活动' } },
  { code: '87', section: 'Q', titles: { de: 'Heime (ohne Erholungs- und Ferienheime)', en: 'Residential care activities', zh: '留宿护理活动' } },
  { code: '88', section: 'Q', titles: { de: 'Sozialwesen (ohne Heime)', en: 'Social work activities without accommodation', zh: '不配备食宿的社会工作活动' } },
  {
    code: '90',
    section: 'R',
    titles: { de: 'Kreative, künstlerische und unterhaltende Tätigkeiten', en: 'Creative, arts and entertainment activities', zh: '创作、艺术和娱乐活动' },
  },
  {
    code: '91',
    section: 'R',
    titles: {
      de: 'Bibliotheken, Archive, Museen, botanische und zoologische Gärten',
      en: 'Libraries, archives, museums and other cultural activities',
      zh: '图书馆、档案馆、博物馆和其他文化活动',
    },
  },
  { code: '92', section: 'R', titles: { de: 'Spiel-, Wett- und Lotteriewesen', en: 'Gambling and betting activities', zh: '赌博和博彩活动' } },
  {
    code: '93',
    section: 'R',
    titles: {
      de: 'Erbringung von Dienstleistungen des Sports, der Unterhaltung und der Erholung',
      en: 'Sports activities and amusement and recreation activities',
      zh: '体育活动以及娱乐和文娱活动',
    },
  },
  {
    code: '94',
    section: 'S',
    titles: {
      de: 'Interessenvertretungen sowie kirchliche und sonstige religiöse Vereinigungen (ohne Sozialwesen und Sport)',
      en: 'Activities of membership organisations',
      zh: '会员组织的活动',
    },
  },
  {
    code: '95',
    section: 'S',
    titles: {
      de: 'Reparatur von Datenverarbeitungsgeräten und Gebrauchsgütern',
      en: 'Repair of computers and personal and household goods',
      zh: '计算机以及个人和家庭用品修理',
    },
  },
  {
    code: '96',
    section: 'S',
    titles: { de: 'Erbringung von sonstigen überwiegend persönlichen Dienstleistungen', en: 'Other personal service activities', zh: '其他个人服务活动' },
  },
  {
    code: '97',
    section: 'T',
    titles: { de: 'Private Haushalte mit Hauspersonal', en: 'Activities of households as employers of domestic personnel', zh: '家庭作为家政人员雇主的活动' },
  },
  {
    code: '98',
    section: 'T',
    titles: {
      de: 'Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten Schwerpunkt',
      en: 'Undifferentiated goods- and services-producing activities of private households for own use',
      zh: '私人家庭自用的未加区分的货物生产和服务活动',
    },
  },
  {
    code: '99',
    section: 'U',
    titles: {
      de: 'Exterritoriale Organisationen und Körperschaften',
      en: 'Activities of extraterritorial organisations and bodies',
      zh: '域外组织和机构的活动',
    },
  },
];
