/** The race, without UI: statistics, the race routes and a session that runs all five lanes. */
export * from './stats';
export * from './lane-tally';
export * from './race-api';
export * from './race-session';
