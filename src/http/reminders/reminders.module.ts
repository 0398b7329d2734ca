import { DynamicModule, Module } from '@nestjs/common';
import type { Config } from '../../config/config';
import { TimersModule, type TimersOverrides } from '../../timers/timers.module';
import { RemindersController } from './reminders.controller';

/**
 * The timers and their HTTP face in one import for AppModule: the controller lives under http/ (adapters never
 * reach the edge), so the module that registers it is here and brings the timers with it.
 */
@Module({})
export class RemindersModule {
  static register(config: Config, overrides: TimersOverrides = {}): DynamicModule {
    return { module: RemindersModule, imports: [TimersModule.register(config, overrides)], controllers: [RemindersController] };
  }
}
