/**
 * The follow-up settings are part of leadflow's one configuration (`config.followUps`, read and
 * checked by @leadflow/config); the follow-up code takes the parsed object, never the environment.
 */
export type { FollowUpSettings } from '@leadflow/config';
