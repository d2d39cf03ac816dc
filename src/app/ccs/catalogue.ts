import type { Core } from '../core.ts';

/** A product of the platform catalogue (`GET /products/`). */
export interface CcsProduct {
  readonly uuid: string;
  readonly name: string;
  readonly notes: string;
}

/** A telco-level user (`NOTES.md` §1): manages the tenants of its telco; not an agent of any tenant. */
export interface TelcoUser {
  readonly uuid: string;
  readonly username: string;
  /** scrypt, like every person's password (`NOTES.md` §1). */
  readonly passwordHash: string;
  readonly name: string;
  /** System role uuids. */
  readonly roles: readonly string[];
}

export interface Telco {
  readonly uuid: string;
  readonly name: string;
  readonly users: readonly TelcoUser[];
}

export interface CatalogueDocument {
  readonly products: readonly CcsProduct[];
  readonly telcos: readonly Telco[];
}

const SETTING = 'ccs.catalogue';
const EMPTY: CatalogueDocument = { products: [], telcos: [] };

/**
 * What CCS holds above tenants: the product catalogue and the telcos with their telco-level
 * users. A handful of entries changed by operators, so they are one JSON setting read into
 * memory at start and replaced whole (under the platform's `ccs` lock) when provisioning changes it.
 * @example platform.ccs.catalogue.telcoUser('telco@broadview')
 */
export class CcsCatalogue {
  private document: CatalogueDocument = EMPTY;
  private readonly usersByName = new Map<string, { telco: Telco; user: TelcoUser }>();

  constructor(private readonly core: Core) {}

  async load(): Promise<void> {
    const raw = await this.core.store.getSetting(SETTING);
    this.remember(raw === undefined ? EMPTY : (JSON.parse(raw) as CatalogueDocument));
  }

  products(): readonly CcsProduct[] {
    return this.document.products;
  }

  product(uuid: string): CcsProduct | undefined {
    return this.document.products.find((p) => p.uuid === uuid);
  }

  telco(uuid: string): Telco | undefined {
    return this.document.telcos.find((t) => t.uuid === uuid);
  }

  telcoUser(username: string): { telco: Telco; user: TelcoUser } | undefined {
    return this.usersByName.get(username);
  }

  current(): CatalogueDocument {
    return this.document;
  }

  /** Replaces the catalogue (durably, then in memory). */
  async replace(document: CatalogueDocument): Promise<void> {
    await this.core.store.transaction((tx) => tx.setSetting(SETTING, JSON.stringify(document)));
    this.remember(document);
  }

  private remember(document: CatalogueDocument): void {
    this.document = document;
    this.usersByName.clear();
    for (const telco of document.telcos) for (const user of telco.users) this.usersByName.set(user.username, { telco, user });
  }
}
