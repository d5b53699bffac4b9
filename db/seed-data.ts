// The demo community: a fictional mobile network, "Nimbus Mobile". Loaded by db/seed.ts.
import type { Role, ThreadKind } from "./schema";

export const SEED_PASSWORD = "peerdesk-demo";

export interface SeedUser {
  email: string;
  handle: string;
  displayName: string;
  role: Role;
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  escalateAfterMinutes?: number | null;
}

export interface SeedAnswer {
  author: string;
  body: string;
  afterMinutes: number;
  /** Handles of members who found it helpful. */
  helpful?: string[];
}

export interface SeedThread {
  category: string;
  author: string;
  kind: ThreadKind;
  title: string;
  body: string;
  ageHours: number;
  answers: SeedAnswer[];
  /** Index into `answers` of the accepted one. */
  acceptedAnswer?: number;
  meToo?: string[];
}

// The first five are the demo accounts printed at start.
export const SEED_USERS: SeedUser[] = [
  { email: "alice@example.com", handle: "alice", displayName: "Alice Martin", role: "member" },
  { email: "ben@example.com", handle: "ben", displayName: "Ben Okafor", role: "member" },
  { email: "sam@example.com", handle: "sam", displayName: "Sam (Nimbus staff)", role: "staff" },
  { email: "ada@example.com", handle: "ada", displayName: "Ada (Nimbus admin)", role: "admin" },
  { email: "mo@example.com", handle: "mo", displayName: "Mo (moderator)", role: "moderator" },
  { email: "chloe@example.com", handle: "chloe", displayName: "Chloé Dubois", role: "member" },
  { email: "dev@example.com", handle: "dev", displayName: "Dev Patel", role: "member" },
  { email: "erin@example.com", handle: "erin", displayName: "Erin Walsh", role: "member" },
  { email: "farid@example.com", handle: "farid", displayName: "Farid Haddad", role: "member" },
  { email: "gita@example.com", handle: "gita", displayName: "Gita Rao", role: "member" },
];

export const SEED_CATEGORIES: SeedCategory[] = [
  { slug: "billing", name: "Billing & payments", description: "Bills, charges, refunds and payment methods.", escalateAfterMinutes: 60 },
  { slug: "esim-devices", name: "eSIM & devices", description: "Activating eSIMs, moving to a new phone, device settings." },
  { slug: "roaming", name: "Roaming & travel", description: "Using your plan abroad: data, calls and charges." },
  { slug: "coverage", name: "Network & coverage", description: "Signal, outages, 5G and Wi-Fi calling." },
  { slug: "plans", name: "Plans & add-ons", description: "Choosing, changing and combining plans." },
  { slug: "app-account", name: "App & account", description: "The Nimbus app, sign-in, and account settings.", escalateAfterMinutes: 240 },
];

export const SEED_THREADS: SeedThread[] = [
  {
    category: "billing",
    author: "alice",
    kind: "problem",
    title: "Double charge on my monthly bill",
    body: "I was charged **twice** for March: two identical payments of €25 on the same day. How do I get one back?",
    ageHours: 30,
    answers: [
      { author: "ben", body: "Same happened to me. The second one was a card pre-authorisation and disappeared after 3 working days.", afterMinutes: 20, helpful: ["alice", "chloe"] },
      { author: "sam", body: "Sorry about that! If the second payment is still there after 3 working days, open **Billing → Payments → Report a problem** in the app and we refund it within 48 hours.", afterMinutes: 45, helpful: ["alice", "dev", "erin"] },
    ],
    acceptedAnswer: 1,
    meToo: ["chloe", "farid"],
  },
  {
    category: "billing",
    author: "dev",
    kind: "question",
    title: "How do I change the card my bill is paid with?",
    body: "My old card expired. Where do I add the new one?",
    ageHours: 200,
    answers: [{ author: "gita", body: "App → **Billing → Payment methods → Add card**, then tap the new card and choose *Make default*.", afterMinutes: 15, helpful: ["dev"] }],
    acceptedAnswer: 0,
  },
  {
    category: "billing",
    author: "erin",
    kind: "question",
    title: "Why is my first bill higher than my plan price?",
    body: "My plan is €20 a month but my first bill says €31.",
    ageHours: 420,
    answers: [
      { author: "ben", body: "The first bill covers the days from activation to your billing date, plus the next month in advance. It evens out afterwards.", afterMinutes: 30, helpful: ["erin", "alice"] },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "billing",
    author: "farid",
    kind: "problem",
    title: "Refund for cancelled add-on never arrived",
    body: "I cancelled the 10 GB add-on two weeks ago and was told I'd get a refund.",
    ageHours: 5,
    answers: [],
  },
  {
    category: "esim-devices",
    author: "chloe",
    kind: "question",
    title: "How do I activate my eSIM on a new iPhone?",
    body: "I switched from a physical SIM. The QR code from the email doesn't seem to work.",
    ageHours: 60,
    answers: [
      { author: "ben", body: "Scan the QR code with **Settings → Mobile data → Add eSIM**, not with the camera app. Make sure you're on Wi-Fi.", afterMinutes: 10, helpful: ["chloe", "dev", "gita"] },
      { author: "sam", body: "Each QR code works once. If it was already scanned, request a new one under **App → SIM → Replace eSIM**.", afterMinutes: 50, helpful: ["chloe"] },
    ],
    acceptedAnswer: 0,
    meToo: ["erin"],
  },
  {
    category: "esim-devices",
    author: "gita",
    kind: "question",
    title: "Moving my eSIM to a new Android phone",
    body: "Can I transfer the eSIM myself or do I need a new one?",
    ageHours: 140,
    answers: [{ author: "sam", body: "On Android you need a new eSIM profile: **App → SIM → Replace eSIM**. Your number stays the same.", afterMinutes: 25, helpful: ["gita", "alice"] }],
    acceptedAnswer: 0,
  },
  {
    category: "esim-devices",
    author: "alice",
    kind: "problem",
    title: "No service after swapping SIM card",
    body: "Put the new SIM in an hour ago and still no bars.",
    ageHours: 320,
    answers: [{ author: "dev", body: "Restart the phone and toggle airplane mode. Activation can take up to 2 hours.", afterMinutes: 12 }],
  },
  {
    category: "esim-devices",
    author: "erin",
    kind: "idea",
    title: "Let us manage two eSIMs on one account",
    body: "I have a work phone and a tablet; managing them in one place would be great.",
    ageHours: 700,
    answers: [{ author: "ben", body: "+1, I'd use this for my smartwatch too.", afterMinutes: 90 }],
    meToo: ["ben", "gita", "farid"],
  },
  {
    category: "roaming",
    author: "ben",
    kind: "question",
    title: "Does my plan include roaming in the EU?",
    body: "Travelling to Spain next week. Will I pay extra for data?",
    ageHours: 80,
    answers: [
      { author: "sam", body: "Yes: all plans include EU roaming at no extra cost, up to your plan's data allowance (fair use applies above 35 GB).", afterMinutes: 8, helpful: ["ben", "alice", "chloe", "dev"] },
    ],
    acceptedAnswer: 0,
    meToo: ["alice"],
  },
  {
    category: "roaming",
    author: "dev",
    kind: "problem",
    title: "Roaming data not working in the USA",
    body: "Landed in New York, I have signal but no mobile data.",
    ageHours: 110,
    answers: [
      { author: "chloe", body: "Turn on **Data roaming** in your phone's settings, then restart. It's off by default on most phones.", afterMinutes: 18, helpful: ["dev", "erin"] },
      { author: "sam", body: "Outside the EU you also need the Travel Pass add-on; without it data is blocked to protect you from charges.", afterMinutes: 40, helpful: ["dev"] },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "roaming",
    author: "farid",
    kind: "question",
    title: "How much are calls to home from abroad?",
    body: "Outside the EU, what does a call back home cost?",
    ageHours: 260,
    answers: [{ author: "gita", body: "Check the roaming price list in the app under **Plans → Travel**. With Travel Pass, calls are included.", afterMinutes: 35 }],
  },
  {
    category: "roaming",
    author: "chloe",
    kind: "praise",
    title: "Travel Pass saved my holiday",
    body: "Used it for two weeks in Japan, worked perfectly. Thanks Nimbus!",
    ageHours: 500,
    answers: [{ author: "sam", body: "Thanks for letting us know, Chloé. Glad it worked!", afterMinutes: 120 }],
  },
  {
    category: "coverage",
    author: "erin",
    kind: "problem",
    title: "Weak 5G signal indoors",
    body: "Outside I get full 5G, indoors it drops to one bar.",
    ageHours: 95,
    answers: [
      { author: "ben", body: "Turn on **Wi-Fi calling** so calls go over your home internet; for data, 4G often works better indoors than 5G.", afterMinutes: 30, helpful: ["erin"] },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "coverage",
    author: "alice",
    kind: "question",
    title: "How do I turn on Wi-Fi calling?",
    body: "Is it included in my plan and where is the setting?",
    ageHours: 175,
    answers: [{ author: "dev", body: "Included in every plan. iPhone: Settings → Phone → Wi-Fi Calling. Android: Settings → Connections → Wi-Fi Calling.", afterMinutes: 14, helpful: ["alice", "gita"] }],
    acceptedAnswer: 0,
  },
  {
    category: "coverage",
    author: "gita",
    kind: "problem",
    title: "Outage in the city centre this morning?",
    body: "No signal at all between 8 and 9am.",
    ageHours: 2,
    answers: [],
  },
  {
    category: "coverage",
    author: "farid",
    kind: "idea",
    title: "Show planned maintenance in the app",
    body: "A heads-up before maintenance windows would help.",
    ageHours: 380,
    answers: [],
    meToo: ["alice", "erin"],
  },
  {
    category: "plans",
    author: "dev",
    kind: "question",
    title: "Can I downgrade my plan mid-month?",
    body: "I don't use all my data; can I switch to a smaller plan now?",
    ageHours: 150,
    answers: [{ author: "sam", body: "You can change any time; a downgrade starts on your next billing date so you keep what you've paid for.", afterMinutes: 22, helpful: ["dev", "farid"] }],
    acceptedAnswer: 0,
  },
  {
    category: "plans",
    author: "chloe",
    kind: "question",
    title: "What happens when I use up my data?",
    body: "Will I be charged extra or just slowed down?",
    ageHours: 230,
    answers: [{ author: "ben", body: "You're slowed to 128 kbit/s, never charged. You can buy a data add-on in the app to get full speed back.", afterMinutes: 40, helpful: ["chloe"] }],
    acceptedAnswer: 0,
  },
  {
    category: "plans",
    author: "erin",
    kind: "idea",
    title: "Family plan with shared data",
    body: "One pool of data for the whole household would be great.",
    ageHours: 610,
    answers: [{ author: "gita", body: "Yes please, we have four phones at home.", afterMinutes: 200 }],
    meToo: ["gita", "dev", "ben"],
  },
  {
    category: "plans",
    author: "farid",
    kind: "question",
    title: "Is tethering / hotspot allowed on the unlimited plan?",
    body: "Want to use my phone as a hotspot for my laptop.",
    ageHours: 12,
    answers: [{ author: "chloe", body: "It is on mine, up to 50 GB a month at full speed.", afterMinutes: 25 }],
  },
  {
    category: "app-account",
    author: "gita",
    kind: "problem",
    title: "Can't sign in to the app after password reset",
    body: "The reset worked but the app keeps saying my password is wrong.",
    ageHours: 45,
    answers: [{ author: "sam", body: "Sign out completely (App → Settings → Sign out), then sign in again; the app may still hold the old session.", afterMinutes: 30, helpful: ["gita"] }],
    acceptedAnswer: 0,
  },
  {
    category: "app-account",
    author: "ben",
    kind: "question",
    title: "How do I download old invoices?",
    body: "I need invoices from last year for my taxes.",
    ageHours: 290,
    answers: [{ author: "alice", body: "App → **Billing → Invoices**, pick a month and tap *Download PDF*. They go back 24 months.", afterMinutes: 45, helpful: ["ben"] }],
    acceptedAnswer: 0,
  },
  {
    category: "app-account",
    author: "alice",
    kind: "praise",
    title: "The new app design is much faster",
    body: "Everything loads instantly now. Nice work.",
    ageHours: 900,
    answers: [],
    meToo: ["ben", "chloe"],
  },
  {
    category: "app-account",
    author: "dev",
    kind: "question",
    title: "Change the email address on my account",
    body: "I have a new email address; where can I update it?",
    ageHours: 1,
    answers: [],
  },
];
