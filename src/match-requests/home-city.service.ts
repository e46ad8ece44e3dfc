import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { City } from '../cities/city.entity';
import { Environment } from '../config/environment';
import { ReviewScope } from './review-scope';

/** The member city this installation serves, and the review rules that follow from it. */
@Injectable()
export class HomeCityService {
  private scope?: Promise<ReviewScope>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  reviewScope(): Promise<ReviewScope> {
    this.scope ??= this.dataSource
      .getRepository(City)
      .findOneByOrFail({ slug: this.config.get('HOME_CITY', { infer: true }) })
      .then((city) => new ReviewScope(city.id))
      .catch((error: unknown) => {
        this.scope = undefined;
        throw error;
      });
    return this.scope;
  }
}
