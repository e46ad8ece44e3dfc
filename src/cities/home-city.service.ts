import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { City } from './city.entity';
import { OfficerScope } from './officer-scope';

/** The member city this installation serves, and the staff authority that follows from it. */
@Injectable()
export class HomeCityService implements OnModuleInit {
  private scope?: Promise<OfficerScope>;
  private loaded?: OfficerScope;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onModuleInit(): Promise<void> {
    // Warm, so that pages can choose their navigation without waiting; a failure here is retried on first use.
    await this.officerScope().catch(() => undefined);
  }

  officerScope(): Promise<OfficerScope> {
    this.scope ??= this.dataSource
      .getRepository(City)
      .findOneByOrFail({ slug: this.config.get('HOME_CITY', { infer: true }) })
      .then((city) => (this.loaded = new OfficerScope(city.id)))
      .catch((error: unknown) => {
        this.scope = undefined;
        throw error;
      });
    return this.scope;
  }

  /** The scope once it has been read (at start-up), for code that cannot wait. */
  loadedScope(): OfficerScope | undefined {
    return this.loaded;
  }
}
