// Word banks and sentence templates for synthetic playbooks. Slots: {T} a term
// reference, {role} {artifact} {period} {n} {event} {problem} {metric} {product}.
// No filler word is a vocabulary term or alias, so unlinked-term stays quiet.

export const SLOTS = {
  role: ['CFO', 'VP of Sales', 'support lead', 'head of operations', 'IT director', 'finance partner', 'project lead', 'CISO', 'RevOps manager', 'COO', 'controller', 'head of customer success', 'data team lead', 'plant manager'],
  artifact: ['proposal', 'pricing sheet', 'security questionnaire', 'order form', 'rollout plan', 'one-page summary', 'ROI model', 'recap email', 'statement of work', 'implementation timeline', 'architecture diagram', 'renewal quote'],
  period: ['quarter', 'month', 'week', 'half-year', 'planning cycle'],
  n: ['two', 'three', 'four', 'five', 'six', 'ten'],
  event: ['board meeting', 'budget review', 'annual planning', 'security audit', 'contract expiry', 'reorganisation', 'hiring freeze', 'system migration', 'price increase', 'fiscal year end'],
  problem: ['backlog of tickets', 'slow month-end close', 'manual hand-offs', 'missed renewal dates', 'duplicate data entry', 'onboarding delays', 'forecast misses', 'late shipments', 'audit findings', 'rising support costs', 'stalled rollouts'],
  metric: ['time to resolution', 'win rate', 'days sales outstanding', 'ramp time', 'first-response time', 'net revenue retention', 'gross margin', 'weekly active users', 'cycle time', 'error rate'],
  product: ['the product', 'our platform', 'the roadmap', 'our pricing', 'the integration'],
};

export const TACTICS = [
  'Ask the {role} how the {problem} shows up in their {metric} before saying anything about {product}.',
  'Open with two {T} about how the work gets done today, and let the buyer talk first.',
  'Confirm the {T} with the {role} before sending any {artifact}.',
  'Write a one-line {T} before the call and test it out loud in the first ten minutes.',
  'Follow every stated {T} with at least two {T}.',
  'Offer a {T} when the buyer calls the current workaround good enough.',
  'Agree a dated {T} with the {role} before the second meeting ends.',
  'Name the {T} in the recap email and ask the {role} to correct it.',
  'List every person who signs off on the {artifact} and note what each of them wants.',
  'Ask the {role} what happens to the {metric} if the {problem} is still there next {period}.',
  'Trade every {T} for something the buyer gives, and say what it is out loud.',
  'Put the {T} on the table first, in writing, before the buyer names a number.',
  'Decide the {T} with your manager before the negotiation call, and write it in the deal notes.',
  'Meet the {T} before the {event}, with the {role} in the room.',
  'Send the {artifact} only after the {role} has confirmed the {T} in their words.',
  'Run a {T} with the {role} once the {artifact} is agreed, never before.',
  'Check the {T} with the buyer every {period} and update the {artifact} the same day.',
  'Book the {T} for the week after the {event}, with the {role} as the host.',
  'Ask who else would lose sleep over the {problem}, and get an introduction to them.',
  'Retire the deal from the forecast when the {role} cannot name a {T}.',
  'Share one {T} story from a company of the same size, with the {metric} before and after.',
  'Review {T} with the account team every {period} and agree one action per account.',
  'Test the {T} with the {role} before the {event}, not after.',
  'Keep the {artifact} to one page and lead with the {T} the buyer stated.',
];

export const WHYS = [
  'People believe conclusions they reach themselves, so a {T} the buyer states in their own words becomes their reason to change instead of our claim to defend.',
  'A {problem} the buyer has not sized feels optional, and optional problems lose to every other priority on the list.',
  'Sizing it in their words turns a complaint into a budget line the {role} can defend at the {event}.',
  'A demo before {T} anchors the buyer on features instead of the problem, and we lose the chance to quantify impact.',
  'The {role} hears about {product} from us once but from colleagues every day, so what colleagues repeat decides the deal.',
  'A stated guess gives the buyer something concrete to correct, and correcting is easier than describing from scratch.',
  'Deals stall in the steps nobody wrote down; a dated {T} makes the next step visible to both sides.',
  'When one contact goes quiet, a deal with a single thread has nowhere to go, while a {T} keeps it alive.',
  'Numbers the buyer produced survive the {event}; numbers we produced get discounted by half in every meeting.',
  'The first number on the table frames every later one, so whoever sets the {T} sets the range of the negotiation.',
  'A {T} given for nothing teaches the buyer that pushing works, and they will push again at the {event}.',
  'Agreeing the {T} before the trial starts turns the end of the trial into a decision instead of a debate.',
  'The {role} is judged on the {metric}, so a case built on it gets read; a case built on our features gets filed.',
  'Most lost deals are lost to doing nothing, and {T} is what keeps the buyer where they are.',
  'Asking early costs one awkward minute; finding out after the {event} costs the {period}.',
  'A customer in the same situation is more credible than any slide, because the buyer can check the {T} themselves.',
  'The {T} changes more often than the forecast admits, and a deal that looks fine on paper can be lost in a week.',
  'Writing it down forces us to be specific, and a specific claim is one the buyer can agree with or correct.',
  'Without it the rep does the buyer\'s homework for them, and the buyer never owns the {artifact}.',
  'Every week the {problem} continues has a cost the {role} can name, and naming it is what makes the date real.',
  'Buyers forgive a missing feature far more readily than a surprise in the {T}.',
  'Price talk before value is agreed turns the meeting into a discount negotiation — and the {role} remembers the discount, not the value.',
  'Training works when the rep can reason from the principle, not when they follow the step by rote.',
];

export const DEVIATIONS = [
  'The buyer has finished {T} with a partner and asks for a demo of {product}.',
  'The buyer opens by reading out a list of requirements and asks us to answer each one.',
  'The buyer sent a written brief of the {problem} before the call and says it is complete.',
  'The {role} has already shared a written {artifact} with figures.',
  'The {role} says the figures must come from finance and names the person who owns them.',
  'The {event} is less than {n} weeks away and the {role} has signed the {artifact}.',
  'The buyer has already put a figure on what the {problem} costs each {period}.',
  'The {role} asks in writing to skip the step and names who will own the risk.',
  'The buyer\'s published {T} gives every vendor a fixed slot on the first call.',
  'The account is under {n} seats and the order form is self-serve.',
  'The {role} has run the same evaluation with us at a previous company in the last {n} years.',
  'Legal has already approved our standard terms for this customer in the last {period}.',
  'The buyer\'s {T} names a different sequence and the {role} confirms it in writing.',
  'The renewal is less than {n} weeks away and usage has grown every {period} this year.',
  'The {role} has left the company and nobody has taken over the {artifact} yet.',
];

export const GOALS = [
  'The {role} agrees the {problem} is worth solving this {period}.',
  'The buyer quantifies the {T} in their own numbers.',
  'The {T} and the {role} agree on a dated {T}.',
  'The buyer confirms the {T} and names every approver.',
  'The {role} signs the {artifact} with the scope both sides agreed.',
  'The buyer states the {T} in writing and owns the next step.',
  'Both sides agree the {T} before the {event}.',
  'The customer reaches the agreed {metric} and says so in the quarterly review.',
];

export const SUMMARIES = [
  'How we run the {period} from first call to signature when the {problem} is the reason to buy.',
  'For teams whose {role} owns the budget; every stage ends with the buyer agreeing the next step.',
  'How we work a deal when the {T} is known and the {event} sets the date.',
  'The plays our best reps use when the {role} asks about {product}.',
];

export const STAGE_NAMES = ['First call', 'Problem sizing', 'Solution design', 'Technical validation', 'Business justification', 'Proposal', 'Negotiation', 'Paperwork', 'Close', 'Kick-off', 'Adoption review', 'Expansion', 'Renewal prep', 'Executive alignment'];

export const SEGMENTS = ['Mid-market', 'Enterprise', 'SMB', 'Public sector', 'Healthcare', 'Manufacturing', 'Financial services', 'Retail', 'EMEA', 'APAC', 'Partner-led', 'Inbound'];
export const MOTIONS = ['new-logo first calls', 'competitive displacement', 'expansion', 'renewal', 'upsell to platform', 'trial to production', 'multi-year deals', 'channel co-sell', 'consolidation deals', 'first-year adoption'];
export const TEAMS = ['mid-market', 'enterprise', 'smb', 'public-sector', 'healthcare', 'manufacturing', 'fin-services', 'retail', 'emea', 'apac', 'partners', 'inbound', 'renewals', 'customer-success'];

export const COMMENTS = [
  'Added after the win-loss review.',
  'Keep this one short: reps read it on the way into the meeting.',
  'Owner: regional enablement lead.',
  'Reviewed with the field in the last planning cycle.',
  'Order matters here: reps follow the list top to bottom.',
];

/** Words that look like sales terms but are defined nowhere: the planted undefined references. */
export const INVENTED_TERMS = ['value wedge', 'deal velocity', 'power sponsor', 'pain funnel', 'buying committee', 'champion letter', 'mobiliser', 'close date', 'red flag', 'deal desk', 'budget holder', 'next best action'];

/** Ids that no tactic or stage has (generated ids always end in digits): planted unknown references. */
export const DANGLING_IDS = ['usage-report-review', 'legacy-pricing-talk', 'old-qualification-checklist', 'quarterly-business-review', 'exec-dinner', 'security-deep-dive'];
