import { runService } from '@leadflow/publisher';
import { startFollowUpsService } from './followUpsService';

/** The followups process: a consumer group on `leads.lifecycle` plus the overdue scanner. */
runService('followups', startFollowUpsService);
