/**
 * Builds Docket's food composition table from USDA SR24 (public domain) as Debian's `cronometer`
 * package ships it: `usda_sr24.jar`, a ZIP holding one XML file per food with nutrients per 100 g and
 * household measures (`<measure amount="1.0" name="cup, chopped" grams="128"/>`).
 *
 *   apt-get install -y cronometer        # once, as root
 *   node scripts/build-food-table.ts [path/to/usda_sr24.jar]     (from server/)
 *
 * Writes `src/analysers/nutrition/data/usda-sr24.json.gz` (see `food-table.ts` for its shape). The
 * output is deterministic (sorted by food id, fixed gzip level), so a rebuild from the same jar gives
 * the same bytes and a reviewable diff.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { CRONOMETER_NUTRIENTS, TABLE_FIELDS } from '../src/analysers/nutrition/fields.ts';
import type { FoodTableFile, FoodTableRow } from '../src/analysers/nutrition/food-table.ts';

const DEFAULT_JAR = '/usr/share/cronometer/usda_sr24.jar';
const OUTPUT = path.resolve(import.meta.dirname, '../src/analysers/nutrition/data/usda-sr24.json.gz');

/** Every `usda_sr24/NNNNN.xml` entry of the jar as text. */
async function readFoodEntries(jar: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(jar, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const texts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!/^usda_sr24\/\d+\.xml$/.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          texts.push(Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return texts;
}

interface XmlFood {
  food: {
    uid: string;
    name: string;
    measure?: { amount: string; name: string; grams: string }[];
    nutrient?: { amount: string; name: string }[];
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => name === 'measure' || name === 'nutrient',
});

/** Rounds to 4 significant decimals' worth, enough for any label and compact in JSON. */
const compact = (value: number) => Math.round(value * 1000) / 1000;

function toRow(xml: string): FoodTableRow {
  const { food } = parser.parse(xml) as XmlFood;
  const amounts = new Map((food.nutrient ?? []).map((n) => [n.name, Number(n.amount)]));
  const values = TABLE_FIELDS.map((field) => {
    const value = amounts.get(CRONOMETER_NUTRIENTS[field]);
    return value === undefined || !Number.isFinite(value) ? null : compact(value);
  });
  const measures = (food.measure ?? [])
    .map((m) => [m.name, compact(Number(m.amount)), compact(Number(m.grams))] as [string, number, number])
    .filter(([, amount, grams]) => amount > 0 && grams > 0);
  return [food.uid, food.name, values, measures];
}

async function main() {
  const jar = process.argv[2] ?? DEFAULT_JAR;
  const rows = (await readFoodEntries(jar)).map(toRow).sort((a, b) => a[0].localeCompare(b[0]));
  const table: FoodTableFile = {
    source:
      "USDA National Nutrient Database for Standard Reference, Release 24 (public domain), from Debian's cronometer package (usda_sr24.jar)",
    basis: 'per 100 g edible portion',
    fields: [...TABLE_FIELDS],
    foods: rows,
  };
  const gz = gzipSync(JSON.stringify(table), { level: 9 });
  writeFileSync(OUTPUT, gz);
  console.log(`${rows.length} foods, ${TABLE_FIELDS.length} fields -> ${OUTPUT} (${gz.length} bytes)`);
}

await main();
