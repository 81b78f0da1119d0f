/**
 * The product catalogue: every product Docket serves, and the questions the rest of Docket asks
 * of them (which kinds exist and what files they take, which product a record belongs to, which
 * body its webhooks carry, which analyser reads it). Adding a product: its folder, one line here.
 */

import type { AnalyserSettings } from '../analysers/settings.ts';
import type { Analyser } from '../analysers/types.ts';
import type { DocketRecord } from '../core/domain.ts';
import type { EventRenderer, EventSubject, KindCatalog } from '../core/ports.ts';
import type { ProductDelivery } from '../webhooks/deliver-task.ts';
import { documentsProduct } from './documents/product.ts';
import { labReportsProduct } from './lab-reports/product.ts';
import { nativeProduct } from './native/product.ts';
import { nutritionProduct } from './nutrition/product.ts';
import type { AnalysisContextDeps, KindDescriptor, ProductDescriptor, ProductServices } from './product.ts';
import { templatesProduct } from './templates/product.ts';

/** Every product, in the order their routes register. */
export const PRODUCTS = [
  labReportsProduct,
  nutritionProduct,
  documentsProduct,
  templatesProduct,
  nativeProduct,
] as const satisfies readonly ProductDescriptor[];

export class ProductCatalog implements KindCatalog {
  readonly products: readonly ProductDescriptor[];
  readonly #byKind = new Map<string, { product: ProductDescriptor; kind: KindDescriptor }>();
  readonly #byName = new Map<string, ProductDescriptor>();

  constructor(products: readonly ProductDescriptor[] = PRODUCTS) {
    this.products = products;
    for (const product of products) {
      if (this.#byName.has(product.name)) throw new Error(`two products are named ${product.name}`);
      this.#byName.set(product.name, product);
      for (const [name, kind] of Object.entries(product.kinds)) {
        const owner = this.#byKind.get(name);
        if (owner) throw new Error(`kind ${name} belongs to both ${owner.product.name} and ${product.name}`);
        this.#byKind.set(name, { product, kind });
      }
    }
  }

  kinds(): readonly string[] {
    return [...this.#byKind.keys()];
  }

  mimeTypesFor(kind: string): readonly string[] | undefined {
    return this.#byKind.get(kind)?.kind.mimeTypes;
  }

  /** The product by its name (as endpoints and deliveries store it). */
  product(name: string | null): ProductDescriptor | undefined {
    return name === null ? undefined : this.#byName.get(name);
  }

  /** The product that owns a record kind. */
  productOfKind(kind: string): ProductDescriptor | undefined {
    return this.#byKind.get(kind)?.product;
  }

  /** What an event about this record is about: its kind, product and resource within the product. */
  subjectOf(record: DocketRecord): EventSubject {
    const product = this.productOfKind(record.kind);
    return {
      kind: record.kind,
      product: product?.name ?? null,
      resourceId: product?.resourceOf?.(record) ?? null,
    };
  }

  /** Every event type some product emits, for checking endpoint subscriptions. */
  eventTypes(): readonly string[] {
    return [...new Set(this.products.flatMap((p) => p.events))].sort();
  }

  /** Each record's webhook body in its product's shape; `fallback` for products that define none. */
  renderer(fallback: NonNullable<ProductDescriptor['render']>): EventRenderer {
    return (type, record, at) => {
      const render = this.productOfKind(record.kind)?.render ?? fallback;
      return render(record, type, at);
    };
  }

  /** The retry preset of a product, `standard` for none. */
  retryPresetOf(productName: string | null): string {
    return this.product(productName)?.retryPreset ?? 'standard';
  }

  /**
   * Each product's part in its deliveries (per-attempt bodies, delivery hooks), created once with
   * the services they use; products that add nothing are left out.
   */
  deliveryParts(services: ProductServices): (product: string | null) => ProductDelivery | undefined {
    const parts = new Map<string, ProductDelivery>();
    for (const product of this.products) {
      const renderAttempt = product.attemptRenderer?.(services);
      const hooks = product.deliveryHooks?.(services);
      if (renderAttempt || hooks) {
        parts.set(product.name, { ...(renderAttempt ? { renderAttempt } : {}), ...(hooks ? { hooks } : {}) });
      }
    }
    return (product) => (product === null ? undefined : parts.get(product));
  }

  /** What the record's analyser is given besides the upload's options (`{}` for most products). */
  async analysisContext(record: DocketRecord, deps: AnalysisContextDeps): Promise<Record<string, unknown>> {
    return (await this.productOfKind(record.kind)?.analysisContext?.(record, deps)) ?? {};
  }

  /** Creates the kind's analyser (inside an analyser thread); `null` when this build has none. */
  loadAnalyser(kind: string, settings: AnalyserSettings): Promise<Analyser> | null {
    return this.#byKind.get(kind)?.kind.analyser?.(settings) ?? null;
  }
}
