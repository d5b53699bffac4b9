// Generated support-forum text for the search bench: a fixed vocabulary sampled with a Zipf-like
// law (a few words very common, most rare), from a seeded generator so every run sees the same text.
const BASE = (
  "phone router wifi signal bill charge roaming data plan sim esim card network outage speed slow fast " +
  "battery screen app update reset password account login email voicemail call text message contract upgrade " +
  "refund payment invoice direct debit credit balance top up bundle allowance abroad europe travel coverage mast " +
  "tower broadband fibre modem cable port number transfer unlock pin puk code settings apn hotspot tethering " +
  "bluetooth speaker headphones charger cable adapter warranty repair replacement store delivery order tracking " +
  "courier parcel missing damaged return exchange upgrade handset model camera storage memory backup cloud photo " +
  "video stream music podcast subscription cancel renew discount offer promotion loyalty points reward family " +
  "child parental control block spam nuisance scam fraud security verification identity document address move " +
  "house engineer appointment install visit technician line fault noise crackle drop disconnect reconnect restart " +
  "reboot firmware software version android iphone tablet watch laptop desktop browser website portal dashboard " +
  "usage alert limit cap throttle latency ping gaming console television box remote channel guide recording " +
  "evening morning weekend night daily weekly monthly yearly error warning notification popup screen frozen crash"
).split(" ");
const SUFFIXES = ["", "s", "ing", "ed", "er", "ly", "ment", "able"];

export function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About 5,000 words: the base vocabulary, then derived forms and rarer coined words. */
export function vocabulary(): string[] {
  const words = new Set<string>();
  for (const suffix of SUFFIXES) for (const word of BASE) words.add(word + suffix);
  for (let i = 0; words.size < 5000; i++) words.add(`${BASE[i % BASE.length]}${BASE[Math.floor(i / BASE.length) % BASE.length]!.slice(0, 3)}`);
  return [...words];
}

export function textGenerator(seed: number) {
  const random = createRandom(seed);
  const words = vocabulary();
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= words.length; rank++) cumulative.push((sum += 1 / rank ** 0.9));
  const pick = () => {
    const target = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  return {
    random,
    words,
    sentence(length: number) {
      const out: string[] = [];
      for (let i = 0; i < length; i++) out.push(pick());
      return out.join(" ");
    },
  };
}
