// The shared coaching vocabulary of the synthetic corpus: 40 terms, each with a
// definition, most with aliases, some with an example and see-also. Definitions may
// reference other terms with [[…]]; every such reference is defined here.

export const TERMS = [
  {
    term: 'Economic buyer',
    aliases: ['economic buyers', 'EB'],
    definition: 'The one person who can release the budget for this purchase and can say yes when everyone else says no. Usually not our day-to-day contact.',
    example: 'The COO, who owns the support budget, is the economic buyer; the support lead is not.',
    seeAlso: ['Champion', 'Decision process'],
  },
  {
    term: 'Champion',
    aliases: ['champions'],
    definition:
      "A person inside the buyer's organisation who has influence, wants our solution to win for their own reasons, and sells it internally when we are not in the room.",
    seeAlso: ['Economic buyer', 'Coach'],
  },
  {
    term: 'Coach',
    aliases: ['coaches', 'internal coach'],
    definition: 'A contact who tells us how the buyer decides and who matters, without necessarily having the influence of a [[champion]].',
    seeAlso: ['Champion'],
  },
  {
    term: 'Socratic question',
    aliases: ['Socratic questions'],
    definition: 'A question that leads the buyer to state the implication themselves, so the conclusion is theirs rather than a claim of ours.',
    example: 'What happens to the quarter if this slips?',
    seeAlso: ['Implication question', 'Reframing'],
  },
  {
    term: 'Implication question',
    aliases: ['implication questions'],
    definition: "A question that asks what a problem leads to: cost, delay, risk or lost revenue, in the buyer's own numbers.",
    seeAlso: ['Pain', 'Cost of inaction'],
  },
  {
    term: 'Reframing',
    aliases: ['reframe', 'reframes'],
    definition:
      'Offering the buyer a different way to see their problem, usually one that exposes a cost or risk they had not weighed, so that keeping the status quo no longer looks safe.',
    seeAlso: ['Cost of inaction', 'Status quo bias'],
  },
  {
    term: 'Mutual action plan',
    aliases: ['MAP', 'mutual action plans'],
    definition: 'A dated plan, written with the buyer, of every step both sides take between now and go-live, with an owner for each.',
    example: 'Security review by the 14th (their CISO), contract redlines by the 21st (our legal).',
    seeAlso: ['Close plan', 'Paper process'],
  },
  {
    term: 'Decision process',
    aliases: ['decision processes'],
    definition: 'The steps, people and approvals the buyer goes through to make this purchase, in the order they happen.',
    seeAlso: ['Decision criteria', 'Paper process'],
  },
  {
    term: 'Decision criteria',
    aliases: ['buying criteria'],
    definition: 'What the buyer will judge the options on, written down and ranked, ideally in their words.',
    seeAlso: ['Decision process'],
  },
  {
    term: 'Paper process',
    aliases: ['paper processes'],
    definition: 'How a signed order actually gets through legal, procurement and security at the buyer, with the time each step takes.',
    seeAlso: ['Procurement', 'Mutual action plan'],
  },
  {
    term: 'Cost of inaction',
    aliases: ['cost of doing nothing'],
    definition: 'What the buyer loses each month the problem stays unsolved, in money, time or risk, stated in their own numbers.',
    seeAlso: ['Pain', 'Compelling event'],
  },
  {
    term: 'Pain',
    aliases: ['pains', 'business pain'],
    definition: 'A problem the buyer feels, can describe and would pay to remove; not a feature gap we noticed.',
    seeAlso: ['Cost of inaction'],
  },
  {
    term: 'Value hypothesis',
    aliases: ['value hypotheses'],
    definition: 'A one-line guess at the outcome the buyer would pay for, written before a call and tested out loud during it.',
    seeAlso: ['Discovery'],
  },
  {
    term: 'Discovery',
    aliases: ['discovery call'],
    definition: 'The conversations in which the buyer, not we, describes the problem, its cost and who cares about it.',
    seeAlso: ['Value hypothesis', 'Pain'],
  },
  {
    term: 'Metrics',
    aliases: ['success metrics'],
    definition: "The numbers the buyer will use to say the purchase worked, with today's baseline.",
    seeAlso: ['Success criteria', 'Business case'],
  },
  {
    term: 'Technical buyer',
    aliases: ['technical buyers'],
    definition: 'The person who judges whether our product fits their systems and can veto it, though not approve it alone.',
    seeAlso: ['Economic buyer'],
  },
  {
    term: 'Business case',
    aliases: ['business cases'],
    definition: "The buyer's written argument for the purchase: problem, cost, options and expected return, owned by someone on their side.",
    seeAlso: ['Metrics', 'Cost of inaction'],
  },
  {
    term: 'Compelling event',
    aliases: ['compelling events'],
    definition: 'A dated event outside our control that makes the buyer act by a certain day, such as a contract expiry or an audit.',
    seeAlso: ['Close plan'],
  },
  {
    term: 'Procurement',
    aliases: ['purchasing team'],
    definition: "The buyer's team that negotiates terms and runs the vendor process once a choice is made.",
    seeAlso: ['Paper process'],
  },
  {
    term: 'Close plan',
    aliases: ['close plans'],
    definition: 'Our internal view of the steps left to signature, with the risk we see in each and who on our side owns it.',
    seeAlso: ['Mutual action plan'],
  },
  {
    term: 'Objection',
    aliases: ['objections'],
    definition: 'A concern the buyer voices that, left alone, stops the deal; treated as information about what they value.',
    seeAlso: ['Trial close'],
  },
  {
    term: 'Trial close',
    aliases: ['trial closes'],
    definition: 'A question that tests whether the buyer would go ahead if one named concern were settled.',
    example: 'If the security review passes by Friday, is there anything else in the way?',
    seeAlso: ['Objection'],
  },
  {
    term: 'Multi-threading',
    aliases: ['multi-threaded'],
    definition: 'Building relationships with several people at the buyer, so the deal survives one contact leaving or going quiet.',
    seeAlso: ['Stakeholder map'],
  },
  {
    term: 'Stakeholder map',
    aliases: ['stakeholder maps'],
    definition: 'A list of the people who influence the decision, their role in it and what each of them wants.',
    seeAlso: ['Multi-threading', 'Decision process'],
  },
  {
    term: 'Success criteria',
    aliases: ['exit criteria'],
    definition: 'The agreed, measurable results that mean a trial or pilot has succeeded, written before it starts.',
    seeAlso: ['Proof of value', 'Metrics'],
  },
  {
    term: 'Proof of value',
    aliases: ['POV', 'proofs of value'],
    definition: "A short, scoped trial that tests the [[value hypothesis]] against the buyer's [[success criteria]], not a free pilot.",
    seeAlso: ['Success criteria', 'Pilot'],
  },
  {
    term: 'Pilot',
    aliases: ['pilots'],
    definition: 'A limited rollout to real users, paid or unpaid, with an agreed decision at its end.',
    seeAlso: ['Proof of value'],
  },
  {
    term: 'Anchor price',
    aliases: ['price anchor'],
    definition: 'The first number put on the table, which frames every later number in the negotiation.',
    seeAlso: ['Concession'],
  },
  {
    term: 'Concession',
    aliases: ['concessions'],
    definition: 'Something we give in a negotiation; always traded for something the buyer gives, never handed over alone.',
    seeAlso: ['Trade-off', 'Anchor price'],
  },
  {
    term: 'Trade-off',
    aliases: ['trade-offs'],
    definition: 'An exchange in which each side gives something the other values more than it costs the giver.',
    seeAlso: ['Concession'],
  },
  {
    term: 'Walk-away point',
    aliases: ['walk-away points'],
    definition: 'The worst terms we will accept, decided before the negotiation starts.',
    seeAlso: ['BATNA'],
  },
  {
    term: 'BATNA',
    aliases: ['best alternative'],
    definition: 'Best alternative to a negotiated agreement: what each side does if this deal does not happen.',
    seeAlso: ['Walk-away point'],
  },
  {
    term: 'Executive sponsor',
    aliases: ['executive sponsors', 'exec sponsor'],
    definition: 'A senior person at the buyer who backs the project publicly and clears obstacles for it.',
    seeAlso: ['Economic buyer', 'Champion'],
  },
  {
    term: 'Land and expand',
    aliases: ['land-and-expand'],
    definition: 'Starting with one team or use case and growing the account once value is proven there.',
    seeAlso: ['Expansion signal'],
  },
  {
    term: 'Expansion signal',
    aliases: ['expansion signals'],
    definition: 'Observable evidence that another team or use case at a customer would buy, such as requests for more seats.',
    seeAlso: ['Land and expand'],
  },
  {
    term: 'Renewal risk',
    aliases: ['renewal risks'],
    definition: 'Evidence that a customer may not renew: falling usage, a lost [[champion]], or an unmet success metric.',
    seeAlso: ['Churn signal'],
  },
  {
    term: 'Churn signal',
    aliases: ['churn signals'],
    definition: "A change in a customer's behaviour that has preceded cancellations before, such as a drop in weekly active users.",
    seeAlso: ['Renewal risk'],
  },
  {
    term: 'Ideal customer profile',
    aliases: ['ICP'],
    definition: 'The kind of company that gets the most value from us and buys fastest, described by firmographics and situation.',
    seeAlso: ['Qualification'],
  },
  {
    term: 'Qualification',
    aliases: ['qualify', 'qualifying'],
    definition: 'Deciding, on evidence, whether a deal is worth our time: a real problem, a buyer who can act, and a reason to act now.',
    seeAlso: ['Ideal customer profile', 'Disqualification'],
  },
  {
    term: 'Disqualification',
    aliases: ['disqualify'],
    definition: 'Ending a pursuit early and politely when the evidence says the buyer will not buy, to free time for deals that will.',
    seeAlso: ['Qualification'],
  },
  {
    term: 'Status quo bias',
    aliases: ['status quo'],
    definition: "The buyer's preference for keeping things as they are, which wins most lost deals.",
    seeAlso: ['Reframing', 'Cost of inaction'],
  },
  {
    term: 'Social proof',
    aliases: ['customer proof'],
    definition: "Evidence that companies like the buyer's chose us and got results, told as a specific story with numbers.",
    seeAlso: ['Reference call'],
  },
  {
    term: 'Reference call',
    aliases: ['reference calls', 'reference'],
    definition: 'A call between the buyer and one of our customers in a similar situation, arranged late and for a specific question.',
    seeAlso: ['Social proof'],
  },
];

/** How the core compares terms (spec: case-insensitive, white space runs are one space). */
export function termKey(name) {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Every defined key (terms and aliases); throws on a duplicate so the corpus never plants duplicate-term by accident. */
export function definedKeys() {
  const keys = new Set();
  for (const t of TERMS) {
    for (const name of [t.term, ...t.aliases]) {
      const key = termKey(name);
      if (keys.has(key)) throw new Error(`vocabulary: "${name}" defined twice`);
      keys.add(key);
    }
  }
  return keys;
}

function yamlScalar(text) {
  return /^[A-Za-z]/.test(text) && !/: |\s#|['"]/.test(text) ? text : JSON.stringify(text);
}

function wrap(text, width, indent) {
  const words = text.split(' ');
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/** The vocabulary file text; also returns the term references its definitions make. */
export function vocabularyFile() {
  const out = [
    '# Shared coaching vocabulary for every sales team.',
    '# Keep definitions to one or two sentences: a coach reads them aloud.',
    'vocabulary: Sales coaching vocabulary',
    'terms:',
  ];
  let refs = 0;
  for (const t of TERMS) {
    out.push(`  - term: ${yamlScalar(t.term)}`);
    out.push('    definition: >');
    out.push(wrap(t.definition, 80, '      '));
    refs += (t.definition.match(/\[\[/g) ?? []).length;
    if (t.aliases.length) out.push(`    aliases: [${t.aliases.map(yamlScalar).join(', ')}]`);
    if (t.example) out.push(`    example: ${JSON.stringify(t.example)}`);
    if (t.seeAlso?.length) out.push(`    see-also: [${t.seeAlso.join(', ')}]`);
    out.push('');
  }
  return { text: out.join('\n'), refs };
}
