// Demo content for Peerdesk: the community forum of "Nimbus Mobile", a fictional mobile network.
// Pure data, read by db/seed.ts. Times are relative to "now" at seed time.
import type { Role, ThreadKind } from "./schema";

export interface SeedUser {
  handle: string;
  displayName: string;
  email: string;
  role: Role;
  /** For the accounts printed at start: who to sign in as to try what. */
  demoAs?: string;
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  escalateAfterMinutes?: number | null;
}

export interface SeedAnswer {
  /** handle */
  author: string;
  /** Markdown */
  body: string;
  /** minutes after the thread was asked */
  afterMinutes: number;
  /** handles who voted it helpful; never the answer's author */
  helpful?: string[];
}

export interface SeedThread {
  /** category slug */
  category: string;
  kind: ThreadKind;
  /** 15-120 chars */
  title: string;
  /** handle */
  author: string;
  /** Markdown */
  body: string;
  /** how long ago it was asked, relative to "now" at seed time (0.2 .. 2000) */
  ageHours: number;
  answers: SeedAnswer[];
  /** index into answers; only for question/problem; never an answer by the thread author */
  acceptedAnswer?: number;
  /** handles (not the author) who have the same problem; only question/problem */
  meToo?: string[];
}

export const SEED_PASSWORD = "peerdesk-demo";

export const SEED_USERS: SeedUser[] = [
  { handle: "alice", displayName: "Alice Moreno", email: "alice@example.com", role: "member", demoAs: "an asker" },
  { handle: "ben", displayName: "Ben Okafor", email: "ben@example.com", role: "member", demoAs: "a helpful customer" },
  { handle: "sam", displayName: "Sam Lee", email: "sam@example.com", role: "staff", demoAs: "a staff member" },
  { handle: "ada", displayName: "Ada Novak", email: "ada@example.com", role: "admin", demoAs: "an admin" },
  { handle: "mo", displayName: "Morgan Reyes", email: "mo@example.com", role: "moderator", demoAs: "a moderator" },
  { handle: "priya", displayName: "Priya Raman", email: "priya@example.com", role: "member" },
  { handle: "tomasz", displayName: "Tomasz Kowalski", email: "tomasz@example.com", role: "member" },
  { handle: "keiko", displayName: "Keiko Tanaka", email: "keiko@example.com", role: "member" },
  { handle: "diego", displayName: "Diego Álvarez", email: "diego@example.com", role: "member" },
  { handle: "fatima", displayName: "Fatima Haddad", email: "fatima@example.com", role: "member" },
  { handle: "jonas", displayName: "Jonas Becker", email: "jonas@example.com", role: "member" },
  { handle: "grace", displayName: "Grace Mensah", email: "grace@example.com", role: "member" },
  { handle: "liam", displayName: "Liam O'Brien", email: "liam@example.com", role: "member" },
  { handle: "nora", displayName: "Nora Lindqvist", email: "nora@example.com", role: "member" },
];

export const SEED_CATEGORIES: SeedCategory[] = [
  {
    slug: "billing",
    name: "Billing",
    description: "Bills, payments, refunds, direct debits and anything that looks wrong on your statement.",
  },
  {
    slug: "network-coverage",
    name: "Network & coverage",
    description: "Signal, outages, 5G, Wi-Fi Calling and roaming abroad. Outage reports reach our team fast.",
    escalateAfterMinutes: 15,
  },
  {
    slug: "devices",
    name: "Devices",
    description: "Phones, eSIMs, SIM swaps, APN settings, voicemail and smartwatches.",
  },
  {
    slug: "plans",
    name: "Plans",
    description: "Choosing or changing a plan, data allowances, hotspot, add-ons and moving your number to Nimbus.",
  },
  {
    slug: "ideas-feedback",
    name: "Ideas & feedback",
    description: "Suggest improvements to Nimbus Mobile and the app, or tell us what we got right.",
    escalateAfterMinutes: 1440,
  },
];

export const SEED_THREADS: SeedThread[] = [
  // ───────────────────────────── Billing ─────────────────────────────
  {
    category: "billing",
    kind: "problem",
    title: "Charged twice for my March bill — two identical payments of £42.50",
    author: "alice",
    body: `My bank statement shows two payments of **£42.50** to Nimbus Mobile on 3 March, a minute apart. The app only shows one bill for March and says it's paid.

I haven't changed my direct debit or paid manually. How do I get the second one back?`,
    ageHours: 52,
    answers: [
      {
        author: "jonas",
        body: `I had this last year. Check whether one of them is still marked **pending** in your banking app — a pending duplicate usually drops off by itself within 3–5 working days. If both have cleared, it needs the billing team to refund it; we can't do that from the app.`,
        afterMinutes: 22,
        helpful: ["alice", "priya"],
      },
      {
        author: "sam",
        body: `Hi Alice, sorry about this — and thanks Ben for the pointer. I've checked your account and we did take the payment twice: a retry fired on our side after a timeout with the card processor.

I've refunded the duplicate £42.50 to the original payment method (reference \`RF-20931\`). It usually reaches your account in **2–3 working days**. Your direct debit is unaffected, so nothing else needs changing.`,
        afterMinutes: 95,
        helpful: ["alice", "jonas", "fatima", "priya"],
      },
      {
        author: "alice",
        body: `Thanks Sam, I can already see the refund as pending in my banking app. Much appreciated!`,
        afterMinutes: 480,
      },
    ],
    acceptedAnswer: 1,
    meToo: ["fatima"],
  },
  {
    category: "billing",
    kind: "question",
    title: "Bill went up £12 after my 6-month promo ended — is that right?",
    author: "priya",
    body: `I signed up in the spring on the "half price for 6 months" offer. This month's bill is £12 higher and I didn't get any warning. Is this the normal price now, and can I get back to something cheaper without leaving?`,
    ageHours: 180,
    answers: [
      {
        author: "ben",
        body: `Yes, that's the promo ending — the discount was on the plan price for 6 bills, so bill 7 is the full price. A few things you can do:

1. In the app go to **Account → My plan → Compare plans** and see if a smaller data plan fits your usage (the app shows your average over the last 3 months).
2. If you're out of the minimum term, switching to a SIM-only plan is free and takes effect from your next bill.
3. Ring up and ask about a loyalty offer before switching — they often match the new-customer price.

Nimbus should have sent an email about 30 days before; worth checking your spam folder.`,
        afterMinutes: 41,
        helpful: ["priya", "grace", "diego", "nora", "liam"],
      },
      {
        author: "priya",
        body: `Found the email in spam, annoyingly. Dropped to the 20GB plan via the app — same price as before. Thanks Ben!`,
        afterMinutes: 260,
      },
    ],
    acceptedAnswer: 0,
    meToo: ["diego", "nora"],
  },
  {
    category: "billing",
    kind: "question",
    title: "What does the 'Other charges' line on my bill actually cover?",
    author: "keiko",
    body: `My latest bill has a line called **Other charges: £3.60** with no breakdown. I'm on a fixed monthly plan so I expected the total to be the same every month. Where can I see what that's for?`,
    ageHours: 400,
    answers: [
      {
        author: "liam",
        body: `If you open the bill as a PDF (not the summary in the app) there's an itemised section at the end. Mine was a couple of calls to an 0845 number that aren't included in the plan.`,
        afterMinutes: 75,
        helpful: ["keiko", "jonas"],
      },
      {
        author: "priya",
        body: `Also check for picture messages (MMS) sent abroad — those show up under "Other charges" too. The breakdown is under **Bills → View full bill → Usage outside your plan**.`,
        afterMinutes: 130,
        helpful: ["keiko"],
      },
    ],
  },
  {
    category: "billing",
    kind: "question",
    title: "Can I move my direct debit date to the 28th of the month?",
    author: "jonas",
    body: `I get paid at the end of the month, so the current collection date (the 12th) is awkward. Is it possible to move it to the 28th, and will that give me a weird part-month bill?`,
    ageHours: 0.4,
    answers: [],
  },
  {
    category: "billing",
    kind: "problem",
    title: "Charged £4.50 a week for a premium SMS service I never signed up for",
    author: "diego",
    body: `For the last three weeks there's been a £4.50 charge labelled "Third-party service — 88xxx". I've never subscribed to anything by text. I've already texted \`STOP\` to the number but I'd like the money back and to make sure it can't happen again.`,
    ageHours: 96,
    answers: [
      {
        author: "ben",
        body: `Two separate things here:

1. **Block it for the future:** in the app go to **Account → Security → Premium & third-party charges** and switch on *Block all*. That stops any new charges being added to your bill, whatever the number.
2. **Refund:** the money goes to the service provider, not Nimbus, so you claim it from them. The bill shows the provider name if you tap the charge; if they don't respond in 14 days, Nimbus can raise a dispute for you.

These usually come from tapping an ad in a free game, sadly.`,
        afterMinutes: 35,
        helpful: ["diego", "jonas", "keiko", "tomasz"],
      },
      {
        author: "jonas",
        body: `+1 for the block. I turned it on for my kids' SIMs the day I read this.`,
        afterMinutes: 310,
        helpful: ["ben"],
      },
    ],
  },
  {
    category: "billing",
    kind: "question",
    title: "Will I get a refund for the days I had no service during the outage?",
    author: "grace",
    body: `I had no signal at home in Millbrook from Friday evening until Sunday lunchtime. I work from home and had to use my neighbour's Wi-Fi. Does Nimbus credit your bill for outages like this, or do I have to ask?`,
    ageHours: 30,
    answers: [],
    meToo: ["nora"],
  },
  {
    category: "billing",
    kind: "question",
    title: "How do I get a VAT invoice for my business line?",
    author: "tomasz",
    body: `I'm self-employed and put my phone through the business. The monthly bill PDF doesn't show a VAT number or the VAT amount separately. My accountant needs a proper VAT invoice for the last 12 months.`,
    ageHours: 700,
    answers: [
      {
        author: "sam",
        body: `Hi Tomasz, good news — every Nimbus bill can be downloaded as a VAT invoice, it's just not the default view:

1. Sign in at https://example.com/account and open **Bills**.
2. Pick a bill and choose **Download → VAT invoice (PDF)**.
3. To get all of them at once, use **Download → Last 12 months (ZIP)**.

If you'd like your business name on the invoices, add it under **Account → Billing details → Company name** and the next downloads will include it.`,
        afterMinutes: 180,
        helpful: ["tomasz", "liam", "priya"],
      },
      {
        author: "tomasz",
        body: `Perfect, the ZIP download is exactly what my accountant wanted.`,
        afterMinutes: 420,
      },
    ],
    acceptedAnswer: 0,
  },

  // ───────────────────────── Network & coverage ─────────────────────────
  {
    category: "network-coverage",
    kind: "problem",
    title: "No 5G icon in Harrowfield even though the coverage map says 5G",
    author: "alice",
    body: `The [coverage map](https://example.com/coverage-map) shows Harrowfield town centre as "5G outdoor", but my phone only ever shows **4G**. I'm on the Flex 20GB plan with an iPhone 15. Other people in the office on different networks get 5G. Is there something I need to switch on?`,
    ageHours: 120,
    answers: [
      {
        author: "ben",
        body: `Worth ruling out the phone side first:

- **Settings → Mobile Data → Mobile Data Options → Voice & Data** should be *5G Auto* or *5G On*.
- All Nimbus plans include 5G now, but older plans from before 2022 needed a free add-on — check **My plan** in the app.
- Toggle airplane mode once after changing the setting.

If all that's right and you still get 4G, it's the mast, not you.`,
        afterMinutes: 18,
        helpful: ["alice", "keiko", "liam"],
      },
      {
        author: "alice",
        body: `Already set to 5G Auto and my plan says 5G included. Still 4G only.`,
        afterMinutes: 55,
      },
      {
        author: "sam",
        body: `Hi Alice, thanks for the detail. I've checked with the network team: the Harrowfield site on Station Road is showing as 5G on the map but its 5G radio is switched off while the mast is being upgraded. Work is scheduled to finish by the end of the month.

I've asked for the map to be corrected in the meantime — sorry for the confusion. I'll post here when it's back on.`,
        afterMinutes: 140,
        helpful: ["alice", "nora", "grace", "fatima"],
      },
    ],
    meToo: ["nora", "grace", "liam"],
  },
  {
    category: "network-coverage",
    kind: "problem",
    title: "Calls dropping after about 30 seconds in Kestrel Bay since Monday",
    author: "fatima",
    body: `Since Monday every voice call I make or receive in Kestrel Bay drops after roughly 30 seconds. Data works fine and signal shows 3–4 bars. It happens on my Pixel 8 and my partner's iPhone, so I don't think it's the handset.

- Location: harbour end of Kestrel Bay, near the lifeboat station
- Started: Monday morning
- Wi-Fi Calling at home works fine`,
    ageHours: 40,
    answers: [
      {
        author: "keiko",
        body: `Same here on the seafront. I've been using WhatsApp calls as a workaround.`,
        afterMinutes: 12,
        helpful: ["fatima"],
      },
      {
        author: "sam",
        body: `Hi Fatima, thanks for such a clear report — it helped us pin it down quickly. There was a fault with a transmission link on the Kestrel Bay mast that broke voice calls after the handover timer (which is why it was always ~30 seconds).

Our engineers replaced the faulty unit this afternoon and test calls are now holding normally. If you still get drops, please restart your phone once so it re-registers, then reply here.`,
        afterMinutes: 240,
        helpful: ["fatima", "keiko", "diego", "nora", "ben"],
      },
      {
        author: "fatima",
        body: `Just had a 20 minute call with my mum with no drops. Thank you!`,
        afterMinutes: 420,
        helpful: ["keiko"],
      },
    ],
    acceptedAnswer: 1,
    meToo: ["keiko", "diego", "nora"],
  },
  {
    category: "network-coverage",
    kind: "praise",
    title: "Coverage in Kestrel Bay has been rock solid since the mast fix",
    author: "fatima",
    body: `Quick note to say thanks to the Nimbus team: after the call-drop problem earlier this week, signal in Kestrel Bay is better than it's ever been. I'm even getting 5G at the harbour now.`,
    ageHours: 10,
    answers: [
      {
        author: "nora",
        body: `Can confirm, the café on the seafront finally has usable data.`,
        afterMinutes: 45,
        helpful: ["fatima"],
      },
      {
        author: "keiko",
        body: `Same up by the harbour — nice to read a happy thread for once! Thanks for coming back to report it.`,
        afterMinutes: 120,
      },
    ],
  },
  {
    category: "network-coverage",
    kind: "question",
    title: "Wi-Fi Calling option missing on my Samsung Galaxy A54",
    author: "liam",
    body: `My signal at home is poor so I wanted to turn on Wi-Fi Calling, but there's no option for it in the phone settings on my Galaxy A54. The phone was bought outright from a shop, not from Nimbus. Is it supported?`,
    ageHours: 260,
    answers: [
      {
        author: "ben",
        body: `It's supported on the A54, but on phones not bought from Nimbus the toggle only appears once the phone has picked up the carrier profile. Try this:

1. Make sure the phone is up to date: **Settings → Software update**.
2. Check Wi-Fi Calling is active on your account: app → **My plan → Features → Wi-Fi Calling** (it's free, but must be switched on).
3. Restart the phone with the SIM in.
4. Open the **Phone** app → ⋮ → **Settings** → **Wi-Fi Calling** — on Samsung it's in the dialler settings, not the main Settings app.

It can take up to an hour after step 2 for the option to appear.`,
        afterMinutes: 28,
        helpful: ["liam", "grace", "tomasz", "diego", "keiko", "nora"],
      },
      {
        author: "liam",
        body: `Step 2 was it — the feature was switched off on my account. Toggle appeared after a restart. Cheers!`,
        afterMinutes: 150,
        helpful: ["ben"],
      },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "network-coverage",
    kind: "problem",
    title: "Is there an outage in Millbrook right now? No signal at all",
    author: "nora",
    body: `Since about 7am my phone shows **No Service** in Millbrook (north side, near the leisure centre). Restarted twice and tried the SIM in another phone — same thing. The status page at https://example.com/status says everything is fine.`,
    ageHours: 3.5,
    answers: [],
    meToo: ["grace", "jonas"],
  },
  {
    category: "network-coverage",
    kind: "question",
    title: "Terrible indoor signal in my flat — does Nimbus offer a signal booster?",
    author: "grace",
    body: `I'm on the ground floor of an old stone building and get one bar at best indoors; outside it's fine. Calls break up constantly. Does Nimbus sell or lend a booster/femtocell, or are those not allowed?`,
    ageHours: 900,
    answers: [
      {
        author: "ben",
        body: `Nimbus doesn't do femtocells any more, and third-party "boosters" sold online are actually illegal to use in the UK unless they're approved for the network. The usual fix is **Wi-Fi Calling** — with it on, calls and texts go over your broadband and sound much better than one bar of 4G. It's free and included on every plan.`,
        afterMinutes: 60,
        helpful: ["grace", "liam", "keiko"],
      },
      {
        author: "tomasz",
        body: `Thick walls are brutal. I'm in a similar building and Wi-Fi Calling fixed it completely for me.`,
        afterMinutes: 200,
        helpful: ["grace"],
      },
    ],
  },
  {
    category: "network-coverage",
    kind: "problem",
    title: "Roaming charges in Spain even though my plan includes Roam Like Home",
    author: "alice",
    body: `I've just come back from a week in Spain and have **£38 of roaming charges** on my bill. My plan includes Roam Like Home in Europe, and for most of the trip there were no charges at all. The charges are all from one day — the day we took the ferry from Barcelona to Mallorca.`,
    ageHours: 600,
    answers: [
      {
        author: "diego",
        body: `The ferry is the clue. Ships often have their own onboard network that isn't Spanish at all, so it isn't covered by EU roaming.`,
        afterMinutes: 30,
        helpful: ["alice", "ben"],
      },
      {
        author: "sam",
        body: `Hi Alice, Diego is spot on. On the crossing your phone connected to the ship's maritime network (it appears as \`Cellular at Sea\` on your bill), which is a satellite service and is charged separately from Roam Like Home.

As this was your first time and you weren't warned, I've added a **one-off goodwill credit of £38** to your account; you'll see it on your next bill. For future trips, you can stop this happening by turning on **Block maritime & in-flight networks** under **Roaming settings** in the app. More details: https://example.com/help/roaming-at-sea`,
        afterMinutes: 210,
        helpful: ["alice", "diego", "ben", "priya", "keiko"],
      },
      {
        author: "alice",
        body: `That's really kind, thank you. Block switched on!`,
        afterMinutes: 330,
      },
    ],
    acceptedAnswer: 1,
  },
  {
    category: "network-coverage",
    kind: "problem",
    title: "Mobile data stops working after switching from Wi-Fi to 4G",
    author: "diego",
    body: `When I leave the house and my phone drops off Wi-Fi, mobile data doesn't kick in — apps just spin for several minutes even with full 4G bars. Turning airplane mode on and off fixes it. Motorola Edge 40, latest updates installed.`,
    ageHours: 15,
    answers: [
      {
        author: "liam",
        body: `Have a look at **Settings → Network & internet → Internet → Wi-Fi preferences** and turn off *Switch to mobile data automatically* and back on. Some Motorola builds get stuck with that setting after an update.`,
        afterMinutes: 50,
        helpful: ["diego"],
      },
      {
        author: "keiko",
        body: `Could also be your APN — if it's still set to the old \`wap.nimbus\` entry from years back, switching between networks can be slow. Worth checking it's \`internet.nimbus\`.`,
        afterMinutes: 170,
        helpful: ["diego", "liam"],
      },
    ],
  },
  {
    category: "network-coverage",
    kind: "problem",
    title: "Roaming not working in Portugal — phone only shows 'SOS only'",
    author: "keiko",
    body: `Landed in Lisbon this morning and my phone just says **SOS only**. Data roaming is switched on in settings. My husband's phone (also Nimbus) works fine.`,
    ageHours: 1500,
    answers: [
      {
        author: "tomasz",
        body: `Happened to me in Porto. What fixed it:

1. **Settings → Network → Automatic network selection**: turn it *off*.
2. Wait for the list to load and pick **MEO** or **NOS** manually.
3. Once you have signal, you can switch automatic back on.

Some phones try to latch onto a network Nimbus doesn't have a roaming deal with and then give up.`,
        afterMinutes: 20,
        helpful: ["keiko", "ben", "grace"],
      },
      {
        author: "grace",
        body: `Also check in the app that roaming isn't barred on your line — new lines have it off by default for the first 90 days on some plans.`,
        afterMinutes: 45,
        helpful: ["keiko"],
      },
      {
        author: "keiko",
        body: `Manual selection to MEO worked straight away. Obrigada!`,
        afterMinutes: 70,
      },
    ],
    acceptedAnswer: 0,
  },

  // ───────────────────────────── Devices ─────────────────────────────
  {
    category: "devices",
    kind: "problem",
    title: "eSIM activation stuck on 'Activating…' on my new iPhone 15",
    author: "alice",
    body: `I scanned the QR code from the Nimbus welcome email and the eSIM has been stuck on **Activating…** for over an hour. My old physical SIM still works. Should I just wait, or is something wrong?`,
    ageHours: 8,
    answers: [
      {
        author: "ben",
        body: `An hour is too long — it normally takes 2–5 minutes. This usually sorts it:

1. Connect to **Wi-Fi** (activation needs internet and can't use the eSIM it's activating).
2. Go to **Settings → General → About** and wait 30 seconds — if a *Carrier Settings Update* pops up, accept it.
3. If it's still stuck, remove the half-installed eSIM in **Settings → Mobile Data** and scan the QR code again.

Don't delete it more than once though — each QR code can only be used a limited number of times. If step 3 fails, ask Nimbus for a new QR code.`,
        afterMinutes: 25,
        helpful: ["alice", "liam", "grace", "nora"],
      },
      {
        author: "alice",
        body: `Step 2 did it — there was a carrier update waiting. Active now, thanks Ben!`,
        afterMinutes: 70,
        helpful: ["ben"],
      },
    ],
    acceptedAnswer: 0,
    meToo: ["nora"],
  },
  {
    category: "devices",
    kind: "question",
    title: "APN settings for using a Nimbus SIM in an unlocked Google Pixel",
    author: "tomasz",
    body: `I've put my Nimbus SIM in a Pixel 7a bought abroad. Calls and texts work but there's no mobile data and MMS fails. What APN settings do I need?`,
    ageHours: 1100,
    answers: [
      {
        author: "ben",
        body: `Go to **Settings → Network & internet → SIMs → Access Point Names**, tap **+** and enter:

\`\`\`
Name:       Nimbus Internet
APN:        internet.nimbus
Username:   (leave blank)
Password:   (leave blank)
MMSC:       http://mms.nimbus.example/mms
MMS proxy:  10.42.0.1
MMS port:   8080
MCC:        234
MNC:        99
APN type:   default,supl,mms
\`\`\`

Save it via the ⋮ menu, select it, then restart the phone. Data should come up within a minute.`,
        afterMinutes: 15,
        helpful: ["tomasz", "jonas", "diego", "keiko", "grace", "liam"],
      },
      {
        author: "tomasz",
        body: `Data and MMS both working. Bookmarking this!`,
        afterMinutes: 50,
      },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "devices",
    kind: "question",
    title: "How do I reset my voicemail PIN after getting locked out?",
    author: "jonas",
    body: `I tried to check voicemail from my partner's phone and got the PIN wrong three times. Now it says my mailbox is locked. I don't remember ever setting a PIN in the first place.`,
    ageHours: 70,
    answers: [
      {
        author: "priya",
        body: `You can reset it yourself from your own phone:

1. Call \`333\` from your Nimbus number.
2. Choose option **3** (settings), then **2** (PIN).
3. It'll send a temporary PIN by text — use that to set a new one.

Calling from your own phone skips the PIN, so the lock doesn't apply there. The default PIN for new accounts is the last four digits of your number, which is probably what you never changed.`,
        afterMinutes: 40,
        helpful: ["jonas", "keiko", "liam"],
      },
      {
        author: "jonas",
        body: `Worked — new PIN set. Thanks Priya.`,
        afterMinutes: 95,
      },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "devices",
    kind: "problem",
    title: "New phone says 'SIM not provisioned' after I moved my SIM across",
    author: "nora",
    body: `I just moved my Nimbus SIM from my old Galaxy S20 into a new Galaxy S24. The S24 says **SIM not provisioned** and I can't make calls. The SIM still works if I put it back in the old phone.`,
    ageHours: 0.7,
    answers: [],
  },
  {
    category: "devices",
    kind: "question",
    title: "Can I use my Nimbus plan on an Apple Watch with cellular?",
    author: "liam",
    body: `I'm thinking about buying an Apple Watch Series 9 with cellular so I can leave my phone at home when running. Does Nimbus support a watch eSIM that shares my number, and what does it cost?`,
    ageHours: 330,
    answers: [
      {
        author: "ben",
        body: `Yes — it's called **Nimbus Connect** and it's £5/month, added from the Watch app on your iPhone during setup (**Mobile Data → Set Up Mobile Data**). The watch shares your number and data allowance. One catch: it only works on pay-monthly plans, not PAYG.`,
        afterMinutes: 35,
        helpful: ["liam", "grace"],
      },
      {
        author: "grace",
        body: `I have it. Works well for calls and music streaming, but battery drains faster on cellular — expect about half a day of running with music.`,
        afterMinutes: 300,
        helpful: ["liam"],
      },
    ],
  },
  {
    category: "devices",
    kind: "problem",
    title: "Visual voicemail stopped working after the latest iOS update",
    author: "keiko",
    body: `Since updating my iPhone 13 yesterday, the Voicemail tab just says "Visual Voicemail is currently unavailable". Calling \`333\` still plays my messages, so the mailbox itself is fine.`,
    ageHours: 1.3,
    answers: [],
    meToo: ["priya"],
  },
  {
    category: "devices",
    kind: "problem",
    title: "Trade-in value for my old phone was much lower than the quote",
    author: "fatima",
    body: `I was quoted £180 for my Pixel 6 Pro when I ordered my new phone. After sending it in, I got an email offering £45 because of "screen damage". There was no damage that I know of — I kept it in a case with a screen protector. What can I do?`,
    ageHours: 220,
    answers: [
      {
        author: "diego",
        body: `You can reject the revised offer — the email should have a link to do that — and they have to send the phone back free of charge. Then you could get it checked or try another trade-in.`,
        afterMinutes: 90,
        helpful: ["fatima", "grace"],
      },
      {
        author: "grace",
        body: `Ask them for the inspection photos before you decide. When I challenged mine they found it was a scratch on the protector, not the screen, and paid the full amount.`,
        afterMinutes: 240,
        helpful: ["fatima", "diego", "priya"],
      },
    ],
  },
  {
    category: "devices",
    kind: "question",
    title: "Best way to move from Android to iPhone without losing my eSIM?",
    author: "grace",
    body: `I'm switching from a Samsung Galaxy S22 to an iPhone 15. My Nimbus line is an eSIM on the Samsung. Can it be transferred, or do I need a new QR code? I don't want to be without a number for days.`,
    ageHours: 48,
    answers: [
      {
        author: "diego",
        body: `Android → iPhone eSIM transfer isn't automatic like iPhone → iPhone. You'll need a new eSIM QR code from Nimbus (free, via **App → My SIM → Replace eSIM**). The old eSIM stops working the moment the new one activates, so do it when you have both phones in hand. Contacts and photos move separately with Apple's *Move to iOS* app.`,
        afterMinutes: 55,
        helpful: ["grace", "liam", "nora"],
      },
    ],
  },

  // ───────────────────────────── Plans ─────────────────────────────
  {
    category: "plans",
    kind: "question",
    title: "Does unused data roll over to next month on the Flex 20GB plan?",
    author: "alice",
    body: `Most months I only use about 12GB of my 20GB. Does the leftover carry over, and if so, for how long? I couldn't find it in the plan details.`,
    ageHours: 300,
    answers: [
      {
        author: "priya",
        body: `I believe rollover is included on Flex plans, but I'm not sure about the limit.`,
        afterMinutes: 20,
        helpful: ["alice"],
      },
      {
        author: "sam",
        body: `Hi Alice! Yes — all **Flex** plans include Data Rollover:

- Any unused data from your monthly allowance carries over for **one month**.
- Rolled-over data is used **first**, before your new allowance.
- You can roll over up to the size of your plan (so up to 20GB on Flex 20GB).

You'll see it as a separate "Rollover" bar on the usage screen in the app. Full details are at https://example.com/plans/flex`,
        afterMinutes: 65,
        helpful: ["alice", "priya", "ben", "tomasz"],
      },
    ],
    acceptedAnswer: 1,
  },
  {
    category: "plans",
    kind: "question",
    title: "Why is my hotspot capped at 10GB on an 'unlimited' plan?",
    author: "diego",
    body: `I'm on Unlimited Max and tethered my laptop for a week while my broadband was down. After 10GB my laptop got almost no speed, but browsing on the phone itself was fine. Is hotspot data limited separately?`,
    ageHours: 140,
    answers: [
      {
        author: "ben",
        body: `Yes — on Unlimited plans hotspot/tethering has its own fair-use allowance:

| Plan | Hotspot allowance |
| --- | --- |
| Unlimited | 10GB |
| Unlimited Max | 10GB (30GB from the Max+ upgrade) |

After that, tethered traffic drops to 1Mbps until your next bill date; phone data carries on at full speed. You can buy a **Hotspot Boost** add-on (£5 for 20GB) in the app under **Add-ons** if you need more in a pinch.`,
        afterMinutes: 33,
        helpful: ["diego", "tomasz", "liam", "jonas"],
      },
      {
        author: "diego",
        body: `Makes sense. A bit sneaky calling it unlimited, but the boost got me through. Thanks.`,
        afterMinutes: 180,
      },
    ],
    acceptedAnswer: 0,
    meToo: ["jonas"],
  },
  {
    category: "plans",
    kind: "question",
    title: "Porting my number from another network — how long does it take?",
    author: "grace",
    body: `I want to move to Nimbus but keep my number, which I've had for 15 years. How does the switch work and will I lose service in between?`,
    ageHours: 500,
    answers: [
      {
        author: "ben",
        body: `It's quick these days:

1. Text \`PAC\` to **65075** from your current phone. Your old network texts back a PAC code (free, instant).
2. Order your Nimbus SIM and enter the PAC code at checkout (or later in the app under **Keep my number**).
3. The switch happens on the next working day. You'll lose signal for an hour or two that morning, then your number works on the Nimbus SIM.

Your old contract ends automatically — you don't need to cancel it separately (but any remaining contract fees still apply).`,
        afterMinutes: 18,
        helpful: ["grace", "nora", "fatima", "priya", "keiko"],
      },
      {
        author: "liam",
        body: `Did this last month, took less than 24 hours. Texts sent during the gap arrived once it switched.`,
        afterMinutes: 90,
        helpful: ["grace"],
      },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "plans",
    kind: "question",
    title: "International call rates to India — is there a cheaper add-on?",
    author: "priya",
    body: `I call family in Chennai every week, usually 2–3 hours a month in total. On my current plan it's charged per minute and it's adding up. Is there an international bolt-on that covers India?`,
    ageHours: 60,
    answers: [
      {
        author: "keiko",
        body: `There's an **International 300** add-on (£6/month) that gives 300 minutes to landlines and mobiles in about 50 countries. I use it for Japan; I'm fairly sure India is on the list. You can check the country list at https://example.com/plans/international`,
        afterMinutes: 110,
        helpful: ["priya", "fatima"],
      },
      {
        author: "fatima",
        body: `India is on it, I checked for a friend. Note calls to numbers starting \`+91 70\` (some premium lines) aren't included.`,
        afterMinutes: 260,
        helpful: ["priya"],
      },
    ],
  },
  {
    category: "plans",
    kind: "question",
    title: "Can I downgrade my plan mid-contract without paying a fee?",
    author: "nora",
    body: `I'm 8 months into a 24-month plan (Unlimited, £30/month) and I really only use about 5GB. Can I move to a smaller plan now, or am I stuck until the contract ends? I'd rather not pay an early termination charge.`,
    ageHours: 6,
    answers: [],
  },
  {
    category: "plans",
    kind: "question",
    title: "Family plan: can I share my data with my kids' SIMs?",
    author: "tomasz",
    body: `We have three Nimbus lines: mine on 50GB, and two kids on 5GB each who always run out by the 20th. Can I give them some of my data, or set up a shared pool?`,
    ageHours: 36,
    answers: [
      {
        author: "ben",
        body: `If all the lines are on the same account you can use **Data Gifting**: in the app tap **Usage → Share data**, pick the line and the amount (in 1GB steps, up to 10GB a month). It's free. A full shared pool only exists on the *Family* plans, which you'd have to switch to.`,
        afterMinutes: 25,
        helpful: ["tomasz", "jonas"],
      },
      {
        author: "liam",
        body: `Data Gifting works well for us. Tip: you can also set a monthly automatic gift so you don't have to remember.`,
        afterMinutes: 95,
        helpful: ["tomasz"],
      },
    ],
  },
  {
    category: "plans",
    kind: "question",
    title: "What happens when I hit my data limit — slowed down or charged extra?",
    author: "liam",
    body: `I'm on a 10GB plan and I'm about to go on a road trip. If I run out, will Nimbus charge me per MB, cut me off, or just slow things down?`,
    ageHours: 1800,
    answers: [
      {
        author: "mo",
        body: `Hi Liam — you'll never be charged per MB on a Nimbus pay-monthly plan. When you use your allowance:

1. You get a text at **80%** and **100%**.
2. Data then **stops** until your next bill date (calls and texts keep working).
3. You can buy a data add-on in the app at any time and it works immediately.

If you'd rather not be cut off, you can set an *auto add-on* with a monthly spend cap under **Account → Spend controls**.`,
        afterMinutes: 45,
        helpful: ["liam", "keiko", "grace"],
      },
    ],
    acceptedAnswer: 0,
  },
  {
    category: "plans",
    kind: "problem",
    title: "Ported my number to Nimbus but texts still arrive on my old phone",
    author: "alice",
    body: `My number moved to Nimbus yesterday — calls now come through to my Nimbus SIM. But SMS from some people (all iPhone users) still seem to go to my old phone, which has no SIM in it and is on Wi-Fi.`,
    ageHours: 20,
    answers: [
      {
        author: "ben",
        body: `That's iMessage, not the network. Your number is still registered to iMessage on the old phone, so iPhone users' messages go there over Wi-Fi. Either:

- On the old phone: **Settings → Messages → iMessage** off, and **Send & Receive** — remove your number, or
- If the old phone is gone, deregister at https://example.com/go/deregister-imessage (it redirects to Apple's page).

Give it an hour or so after that.`,
        afterMinutes: 30,
        helpful: ["alice", "nora", "grace"],
      },
      {
        author: "alice",
        body: `Turned iMessage off on the old phone. Some texts now arrive on the new one, still waiting on a couple of contacts — will report back.`,
        afterMinutes: 140,
      },
    ],
  },

  // ───────────────────────── Ideas & feedback ─────────────────────────
  {
    category: "ideas-feedback",
    kind: "idea",
    title: "Let us pause a line for a month or two while travelling",
    author: "keiko",
    body: `I spend two months a year in Japan and use a local SIM there. It would be great to **pause** my Nimbus line for those months at a reduced fee (keeping the number) instead of paying full price for nothing.`,
    ageHours: 400,
    answers: [
      {
        author: "grace",
        body: `Yes please! Other networks do a "number keeper" for about £3/month.`,
        afterMinutes: 60,
        helpful: ["keiko", "liam"],
      },
      {
        author: "liam",
        body: `Would use this every winter. Even better if it could be scheduled in advance from the app.`,
        afterMinutes: 200,
        helpful: ["keiko"],
      },
    ],
  },
  {
    category: "ideas-feedback",
    kind: "idea",
    title: "Dark mode for the Nimbus app please",
    author: "diego",
    body: `Every other app on my phone follows the system dark theme except the Nimbus app, which blinds me when I check my usage at night. Could it respect the system setting?`,
    ageHours: 160,
    answers: [
      {
        author: "liam",
        body: `Upvoting this. The bright white usage screen at 11pm is painful.`,
        afterMinutes: 35,
        helpful: ["diego"],
      },
      {
        author: "nora",
        body: `+1, and bigger text on the usage graph would be nice while they're at it.`,
        afterMinutes: 300,
        helpful: ["diego", "liam"],
      },
    ],
  },
  {
    category: "ideas-feedback",
    kind: "idea",
    title: "Show roaming usage and charges in the app in real time",
    author: "nora",
    body: `When I'm abroad the app only shows roaming charges a day or two later. A live view of roaming data and any out-of-bundle charges would avoid nasty surprises — especially for places outside Roam Like Home.`,
    ageHours: 1000,
    answers: [
      {
        author: "priya",
        body: `Agreed. Even a push notification when you first connect to a network that *isn't* included would help.`,
        afterMinutes: 80,
        helpful: ["nora", "alice"],
      },
      {
        author: "ada",
        body: `Thanks Nora, and everyone who voted for this. Real-time roaming usage is on our roadmap: the first step — an alert when you connect to a network outside your plan, as Priya suggested — is being tested now. We'll share an update in this thread when it's rolling out.`,
        afterMinutes: 540,
        helpful: ["nora", "priya", "alice", "keiko"],
      },
    ],
  },
  {
    category: "ideas-feedback",
    kind: "idea",
    title: "Email my bill as a PDF attachment automatically every month",
    author: "tomasz",
    body: `Right now the monthly email just says "your bill is ready" with a link to sign in. I'd love an option to get the PDF attached so it lands straight in my accounts folder.`,
    ageHours: 2000,
    answers: [
      {
        author: "priya",
        body: `Would be handy. In the meantime I use the "Last 12 months (ZIP)" download once a year, which is less painful than doing it monthly.`,
        afterMinutes: 240,
        helpful: ["tomasz"],
      },
    ],
  },
  {
    category: "ideas-feedback",
    kind: "praise",
    title: "Shout-out to the support team for rescuing my number port",
    author: "grace",
    body: `My port from my old network got stuck because of a typo in the PAC code. Sam in support spotted it, got a corrected code sorted and had my number working the same afternoon. Genuinely impressed — thank you!`,
    ageHours: 450,
    answers: [
      {
        author: "sam",
        body: `Thanks so much for the kind words, Grace — I'll pass them on to the team. Glad you're all set up, and welcome to Nimbus!`,
        afterMinutes: 90,
        helpful: ["grace"],
      },
      {
        author: "fatima",
        body: `Had a similarly good experience with Sam over a billing mix-up. Nice to see.`,
        afterMinutes: 400,
      },
    ],
  },
  {
    category: "ideas-feedback",
    kind: "praise",
    title: "Ben's APN guide saved my holiday — thank you!",
    author: "jonas",
    body: `My data stopped working on a rented phone abroad and I found Ben's APN settings post here. Two minutes later I had data again. This community is more useful than most help pages.`,
    ageHours: 1050,
    answers: [
      {
        author: "ben",
        body: `Ha, glad it helped! That post has paid for itself many times over.`,
        afterMinutes: 50,
        helpful: ["jonas"],
      },
      {
        author: "tomasz",
        body: `Same here — that's the thread I always link people to.`,
        afterMinutes: 130,
        helpful: ["jonas", "ben"],
      },
    ],
  },
];

/**
 * The demo community's search synonyms (admin settings → Search synonyms): the ways customers of a
 * mobile and broadband provider name the same thing.
 */
export const SEED_SEARCH_SYNONYMS: string[][] = [
  ["cellphone", "cell phone", "mobile phone", "mobile", "handset", "smartphone", "phone"],
  ["wifi", "wi-fi", "wireless", "wlan"],
  ["sim", "sim card"],
  ["esim", "e-sim", "embedded sim"],
  ["bill", "invoice", "statement"],
  ["charge", "fee", "cost"],
  ["refund", "money back", "reimbursement"],
  ["cancel", "terminate", "end contract"],
  ["contract", "plan", "tariff"],
  ["broadband", "internet", "fibre", "fiber"],
  ["router", "modem", "hub"],
  ["signal", "reception", "coverage", "bars"],
  ["abroad", "overseas"],
  ["text", "sms", "text message"],
  ["picture message", "mms"],
  ["pay", "payment"],
  ["direct debit", "dd"],
  ["voicemail", "answerphone"],
  ["password", "passcode", "login details"],
  ["port", "transfer number", "pac code", "keep my number"],
  ["hotspot", "tethering"],
];

// The demo brand's name, colour and search synonyms, as an admin would set them on day one.
export const SEED_SETTINGS = {
  siteName: "Nimbus Community",
  brandName: "Nimbus Mobile",
  brandColor: "#0b5fad",
  searchSynonyms: SEED_SEARCH_SYNONYMS,
};
