import { Module } from '@nestjs/common';
import { SampleStream } from './sample-stream.js';

/**
 * The perpetual stream of poll outcomes. The poll path pushes into it (never waiting); the stream agents
 * (alerts) and the windowed aggregates read it on their own timers.
 */
@Module({
  providers: [SampleStream],
  exports: [SampleStream],
})
export class AnalyticsStreamModule {}
