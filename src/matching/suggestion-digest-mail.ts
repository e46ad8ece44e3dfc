import { Injectable, OnModuleInit } from '@nestjs/common';
import { MailLanguage } from '../mail/mail-renderer';
import { MailTemplateRegistry } from '../mail/mail-template.registry';

interface DigestEntry {
  companyId: string;
  name: string | null;
  city: { de: string; en: string; zh: string | null };
  score: number;
  reasons: string[];
  link: string;
}

const ANONYMOUS_NAME: Record<MailLanguage, string> = { de: 'Anonymes Profil', en: 'Anonymous profile', zh: '匿名企业' };

/** The weekly digest names cities in the reader's language and never an anonymous profile's name. */
@Injectable()
export class SuggestionDigestMail implements OnModuleInit {
  constructor(private readonly registry: MailTemplateRegistry) {}

  onModuleInit(): void {
    this.registry.register('suggestion_digest', {
      context: async (message) => ({
        forLanguage: (language) => ({
          ...message.payload,
          suggestions: (message.payload.suggestions as DigestEntry[]).map((entry) => ({
            displayName: entry.name ?? ANONYMOUS_NAME[language],
            cityName: entry.city[language] ?? entry.city.de,
            score: entry.score,
            reasons: entry.reasons,
            link: entry.link,
          })),
        }),
      }),
    });
  }
}
