import { CooperationType } from '../companies/cooperation-type';
import { UiLanguage } from '../common/language';
import { naceTitles } from '../nace/nace';
import { TEXT_REASON_THRESHOLD } from './match-weights';
import { LocalizedName, MatchSignals, sharedLanguages } from './match-signals';

type TypeLabels = Record<CooperationType, string>;

/** What one seeks, phrased as the partner one looks for. */
const SOUGHT: Record<UiLanguage, TypeLabels> = {
  en: {
    distribution: 'a distribution partner',
    supplier: 'a supplier',
    manufacturing: 'a manufacturing partner',
    technology_licensing: 'technology to license',
    joint_venture: 'a joint-venture partner',
    research_cooperation: 'a research partner',
    investment: 'an investor',
    services: 'a service provider',
  },
  de: {
    distribution: 'einen Vertriebspartner',
    supplier: 'einen Lieferanten',
    manufacturing: 'einen Fertigungspartner',
    technology_licensing: 'Technologie zur Lizenzierung',
    joint_venture: 'einen Joint-Venture-Partner',
    research_cooperation: 'einen Forschungspartner',
    investment: 'einen Investor',
    services: 'einen Dienstleister',
  },
  zh: {
    distribution: '分销合作伙伴',
    supplier: '供应商',
    manufacturing: '制造合作伙伴',
    technology_licensing: '可许可的技术',
    joint_venture: '合资伙伴',
    research_cooperation: '研究合作伙伴',
    investment: '投资者',
    services: '服务提供商',
  },
};

/** What one offers, phrased as the activity; also the name of a request's purpose. */
const OFFERED: Record<UiLanguage, TypeLabels> = {
  en: {
    distribution: 'distribution',
    supplier: 'supplies',
    manufacturing: 'manufacturing',
    technology_licensing: 'technology licences',
    joint_venture: 'a joint venture',
    research_cooperation: 'research cooperation',
    investment: 'investment',
    services: 'services',
  },
  de: {
    distribution: 'Vertrieb',
    supplier: 'Zulieferung',
    manufacturing: 'Fertigung',
    technology_licensing: 'Technologielizenzen',
    joint_venture: 'ein Joint Venture',
    research_cooperation: 'Forschungskooperation',
    investment: 'Investitionen',
    services: 'Dienstleistungen',
  },
  zh: {
    distribution: '分销',
    supplier: '供货',
    manufacturing: '制造',
    technology_licensing: '技术许可',
    joint_venture: '合资',
    research_cooperation: '研究合作',
    investment: '投资',
    services: '服务',
  },
};

const SENTENCES = {
  en: {
    seeksOffered: (sought: string, offered: string, region: string) => `You seek ${sought}; they offer ${offered} in ${region}.`,
    offersSought: (sought: string) => `They seek ${sought}, which you offer.`,
    sector: {
      class: (code: string, title: string) => `Same industry class (${code}, ${title}).`,
      group: (code: string, title: string) => `Same industry group (${code}, ${title}).`,
      division: (code: string, title: string) => `Same industry division (${code}, ${title}).`,
      section: (code: string, title: string) => `Same broad sector (${code}, ${title}).`,
    },
    text: (percent: number) => `Their offer covers ${percent} % of the terms in what you seek.`,
    market: {
      city: (name: string) => `They are in ${name}, one of your target cities.`,
      region: (name: string) => `They are in ${name}, one of your target regions.`,
      country: (name: string) => `They are in ${name}, your target country.`,
    },
    sharedLanguage: (languages: string) => `You can correspond in ${languages}.`,
    noSharedLanguage: (yours: string, theirs: string) => `No shared language of correspondence (you: ${yours}; they: ${theirs}); the office can help.`,
    list: (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
  },
  de: {
    seeksOffered: (sought: string, offered: string, region: string) => `Sie suchen ${sought}; das Unternehmen bietet ${offered} in ${region}.`,
    offersSought: (sought: string) => `Das Unternehmen sucht ${sought} – das bieten Sie an.`,
    sector: {
      class: (code: string, title: string) => `Gleiche Wirtschaftsklasse (${code}, ${title}).`,
      group: (code: string, title: string) => `Gleiche Wirtschaftsgruppe (${code}, ${title}).`,
      division: (code: string, title: string) => `Gleiche Wirtschaftsabteilung (${code}, ${title}).`,
      section: (code: string, title: string) => `Gleicher Wirtschaftsabschnitt (${code}, ${title}).`,
    },
    text: (percent: number) => `Das Angebot enthält ${percent} % der Begriffe Ihrer Suche.`,
    market: {
      city: (name: string) => `Sitz in ${name}, einer Ihrer Zielstädte.`,
      region: (name: string) => `Sitz in ${name}, einer Ihrer Zielregionen.`,
      country: (name: string) => `Sitz in ${name}, Ihrem Zielland.`,
    },
    sharedLanguage: (languages: string) => `Sie können auf ${languages} korrespondieren.`,
    noSharedLanguage: (yours: string, theirs: string) => `Keine gemeinsame Korrespondenzsprache (Sie: ${yours}; das Unternehmen: ${theirs}); die Wirtschaftsförderung hilft.`,
    list: (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} und ${items[items.length - 1]}`),
  },
  zh: {
    seeksOffered: (sought: string, offered: string, region: string) => `您在寻找${sought}；对方在${region}提供${offered}。`,
    offersSought: (sought: string) => `对方在寻找${sought}，正是您所提供的。`,
    sector: {
      class: (code: string, title: string) => `相同的行业小类（${code}，${title}）。`,
      group: (code: string, title: string) => `相同的行业中类（${code}，${title}）。`,
      division: (code: string, title: string) => `相同的行业大类（${code}，${title}）。`,
      section: (code: string, title: string) => `相同的行业门类（${code}，${title}）。`,
    },
    text: (percent: number) => `对方提供的内容涵盖了您需求描述中 ${percent}% 的关键词。`,
    market: {
      city: (name: string) => `对方位于${name}，是您的目标城市之一。`,
      region: (name: string) => `对方位于${name}，是您的目标地区之一。`,
      country: (name: string) => `对方位于${name}，是您的目标国家。`,
    },
    sharedLanguage: (languages: string) => `你们可以用${languages}沟通。`,
    noSharedLanguage: (yours: string, theirs: string) => `没有共同的通信语言（您：${yours}；对方：${theirs}），经济促进办公室可以协助。`,
    list: (items: string[]) => items.join('、'),
  },
} as const;

/** A cooperation type as the purpose of a request, in a reader's language. */
export function cooperationLabel(type: CooperationType, language: UiLanguage): string {
  return OFFERED[language][type];
}

function languageNames(codes: string[], language: UiLanguage): string[] {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return codes.map((code) => names.of(code) ?? code);
}

/** The signals as short sentences in the reader's language, strongest first. */
export function explainMatch(signals: MatchSignals, language: UiLanguage): string[] {
  const say = SENTENCES[language];
  const name = (localized: LocalizedName) => localized[language] || localized.en;
  const reasons: string[] = [];
  if (signals.seeksOffered.length > 0) {
    const sought = say.list(signals.seeksOffered.map((type) => SOUGHT[language][type]));
    const offered = say.list(signals.seeksOffered.map((type) => OFFERED[language][type]));
    reasons.push(say.seeksOffered(sought, offered, name(signals.candidateRegion)));
  }
  if (signals.offersSought.length > 0) reasons.push(say.offersSought(say.list(signals.offersSought.map((type) => SOUGHT[language][type]))));
  if (signals.sharedSector) {
    const titles = naceTitles(signals.sharedSector.code);
    reasons.push(say.sector[signals.sharedSector.level](signals.sharedSector.code, titles ? titles[language] : signals.sharedSector.code));
  }
  if (signals.textCoverage >= TEXT_REASON_THRESHOLD) reasons.push(say.text(Math.round(signals.textCoverage * 100)));
  if (signals.market) reasons.push(say.market[signals.market.level](name(signals.market.name)));
  const shared = sharedLanguages(signals);
  if (shared.length > 0) reasons.push(say.sharedLanguage(say.list(languageNames(shared, language))));
  else reasons.push(say.noSharedLanguage(say.list(languageNames(signals.requesterLanguages, language)), say.list(languageNames(signals.candidateLanguages, language))));
  return reasons;
}
