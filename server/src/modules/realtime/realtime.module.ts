import { Module } from '@nestjs/common';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { StateModule } from '@/modules/state/state.module.js';
import { FeedBroadcastService } from './feed-broadcast.service.js';
import { FeedSnapshotCache } from './feed-snapshot.cache.js';
import { FeedService } from './feed.service.js';
import { OpsGateway } from './ops.gateway.js';

/** The /ops Socket.IO feed: snapshot, then ordered delta frames, and other modules' events. */
@Module({
  imports: [AuthModule, StateModule],
  providers: [FeedService, FeedSnapshotCache, FeedBroadcastService, OpsGateway],
  exports: [FeedBroadcastService],
})
export class RealtimeModule {}
