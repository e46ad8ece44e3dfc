/** A table of allowed status changes: for each transition, the statuses it may start from and the one it leads to. */
export type TransitionTable<Status extends string, Transition extends string> = Record<Transition, { from: Status[]; to: Status }>;

export class TransitionError<Status extends string = string, Transition extends string = string> extends Error {
  constructor(
    readonly subject: string,
    readonly transition: Transition,
    readonly from: Status,
  ) {
    super(`A ${subject} that is ${from.replaceAll('_', ' ')} cannot ${transition.replaceAll('_', ' ')}.`);
  }
}

/** One state machine per stateful thing; every status change asks it first. */
export class StateMachine<Status extends string, Transition extends string> {
  constructor(
    private readonly subject: string,
    private readonly table: TransitionTable<Status, Transition>,
  ) {}

  /** The status after the transition, or an error naming why it is not allowed now. */
  next(current: Status, transition: Transition): Status {
    const rule = this.table[transition];
    if (!rule.from.includes(current)) throw new TransitionError(this.subject, transition, current);
    return rule.to;
  }

  /** Every transition allowed from a status. */
  allowedFrom(current: Status): Transition[] {
    return (Object.keys(this.table) as Transition[]).filter((transition) => this.table[transition].from.includes(current));
  }
}
