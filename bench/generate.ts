import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type IncidentInput, incidentSchema } from '../src/exchange/interchange.schema.js';
import { loadProfile, regionValidOn } from '../src/reference/profile.js';

/**
 * Synthetic incidents with the shape of real monitoring data: one to three acts, people who recur
 * across incidents, outlets, perpetrators, sources, texts in three languages, and a legal case on
 * one incident in five. Deterministic for a given seed, so runs compare.
 */

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SETTLEMENTS = ['Алматы', 'Астана', 'Шымкент', 'Қарағанды', 'Орал', 'Семей', 'Ақтөбе', 'Атырау', 'Тараз', 'Павлодар', 'Қостанай', 'Петропавл'];
const WORDS = {
  ru: ['журналист', 'задержан', 'полиция', 'редакция', 'суд', 'штраф', 'пикет', 'угрозы', 'блогер', 'публикация', 'акимат', 'корреспондент', 'съёмка', 'телефон', 'изъят', 'прокуратура'],
  kk: ['журналист', 'ұсталды', 'полиция', 'редакция', 'сот', 'айыппұл', 'пикет', 'қоқан-лоқы', 'блогер', 'жарияланым', 'әкімдік', 'тілші', 'түсірілім', 'телефон', 'тәркіленді', 'прокуратура'],
  en: ['journalist', 'detained', 'police', 'newsroom', 'court', 'fine', 'picket', 'threats', 'blogger', 'publication', 'akimat', 'correspondent', 'filming', 'phone', 'seized', 'prosecutor'],
};
const NAMES = ['Айгерим', 'Ержан', 'Гульнара', 'Асель', 'Нурлан', 'Дина', 'Бауыржан', 'Сауле', 'Руслан', 'Жанар', 'Арман', 'Лязат'];
const SURNAMES = ['Ахметова', 'Серікұлы', 'Оспанов', 'Ким', 'Иванова', 'Жумабаев', 'Токаева', 'Нұрланұлы', 'Сейтқали', 'Петров'];

/** The name of the k-th person of the pool, as the texts and the search benchmark spell it. */
export const personName = (k: number) => `${NAMES[k % NAMES.length]} ${SURNAMES[(k * 7) % SURNAMES.length]} ${k}`;

export function makeGenerator(seed = 42) {
  const profile = loadProfile('kz');
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const leafTypes = profile.taxonomy.types.filter((t) => !profile.taxonomy.types.some((c) => c.parent === t.code));
  const personTypes = leafTypes.filter((t) => t.applies_to.includes('person')).map((t) => t.code);
  const orgTypes = leafTypes.filter((t) => t.applies_to.includes('organisation')).map((t) => t.code);
  const personGroups = profile.victimGroups.filter((g) => g.applies_to === 'person').map((g) => g.code);
  const orgGroups = profile.victimGroups.filter((g) => g.applies_to === 'organisation').map((g) => g.code);
  const perpetrators = profile.perpetratorTypes.map((p) => p.code);
  const tags = profile.contextTags.map((t) => t.code);
  const articles = profile.legalCodes.articles.map((a) => a.code);
  const sentence = (lang: keyof typeof WORDS, n: number) => Array.from({ length: n }, () => pick(WORDS[lang])).join(' ');

  const outlet = (k: number) => ({ id: `gen-o-${k}`, name: `Outlet ${k}`, kind: orgGroups[k % orgGroups.length]! });
  const person = (k: number) => ({
    id: `gen-p-${k}`,
    name: personName(k),
    gender: k % 3 === 0 ? ('male' as const) : k % 3 === 1 ? ('female' as const) : null,
    outlet: k % 4 === 0 ? outlet(k % 5000) : null,
  });

  return (i: number): IncidentInput => {
    const year = 2010 + Math.floor(rand() * 16);
    const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const exact = rand() < 0.8;
    const date = exact ? `${year}-${month}-${day}` : `${year}-${month}`;
    const regions = profile.regions.filter((r) => regionValidOn(r, exact ? date : `${date}-01`));
    const actCount = 1 + Math.floor(rand() * rand() * 3);
    const acts = Array.from({ length: actCount }, () => {
      const againstOutlet = rand() < 0.1;
      // A pool smaller than the incidents, so some victims recur, as repeat victims do.
      const k = Math.floor(rand() * 200_000);
      return {
        type: againstOutlet ? pick(orgTypes) : pick(personTypes),
        victim_group: againstOutlet ? outlet(k % 5000).kind : pick(personGroups),
        ...(againstOutlet ? { organisation: outlet(k % 5000) } : { person: person(k) }),
        outcome: rand() < 0.3 ? sentence('en', 6) : null,
        perpetrators: Array.from({ length: 1 + Math.floor(rand() * 1.5) }, () => ({ perpetrator_type: pick(perpetrators), degree: 'perpetrator' as const })),
      };
    });
    const id = `gen-${i}`;
    const firstPerson = acts.flatMap((a) => ('person' in a && a.person ? [a.person] : []))[0];
    const settlement = pick(SETTLEMENTS);
    const who = firstPerson?.name ?? '';
    return {
      id,
      status: rand() < 0.85 ? 'published' : 'verified',
      date,
      region: pick(regions).code,
      settlement,
      source_language: 'ru',
      texts: {
        ru: { title: `${settlement}: ${sentence('ru', 6)}`, description: `${who}. ${sentence('ru', 40)}` },
        kk: { title: sentence('kk', 7), description: sentence('kk', 40), translation: 'draft' },
        en: { title: sentence('en', 7), description: sentence('en', 40), translation: 'machine' },
      },
      context: rand() < 0.4 ? [pick(tags)] : [],
      acts,
      sources: [{ kind: 'publication', citation: `Report ${i}`, reliability: 'reliable', public: true }],
      legal_cases:
        rand() < 0.2 && firstPerson
          ? [
              {
                id: `${id}-case`,
                kind: 'administrative',
                title: sentence('en', 5),
                against_journalist: true,
                parties: [{ person: firstPerson.id, role: 'defendant' }],
                charges: [{ article: pick(articles), person: firstPerson.id }],
                events: [
                  { date, kind: 'charged', instance: 'pre_trial' },
                  { date, kind: 'decision', instance: 'first', outcome: 'fine' },
                ],
              },
            ]
          : [],
    };
  };
}

/**
 * Writes N incidents as JSON Lines, each already in its complete form (defaults filled in), so the
 * bare-insert baseline can store it without running the validation it is compared against.
 */
export async function writeIncidentFile(path: string, n: number, seed = 42): Promise<void> {
  const next = makeGenerator(seed);
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    if (!out.write(`${JSON.stringify(incidentSchema.parse(next(i)))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
