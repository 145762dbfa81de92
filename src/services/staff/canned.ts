// Canned responses: shared ones (edited by monitors only) and each helper's own, inserted by short code.
import { isMonitor } from '../../domain/staff/roles.js';
import type { CannedResponse, StaffStore } from '../../storage/staff.js';
import { AppError } from '../errors.js';
import { requireStaff, type Caller } from './access.js';

export interface CannedInput {
  shortcode: string;
  title: string;
  body: string;
  shared: boolean;
}

export class CannedResponses {
  constructor(
    private readonly store: StaffStore,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  list(caller: Caller): Promise<CannedResponse[]> {
    requireStaff(caller);
    return this.store.listCanned(caller.ref.id);
  }

  save(caller: Caller, input: CannedInput): Promise<CannedResponse> {
    this.requireEditor(caller, input.shared);
    return this.store.saveCanned({
      id: this.newId(),
      owner: input.shared ? null : caller.ref.id,
      shortcode: input.shortcode,
      title: input.title,
      body: input.body,
      updatedBy: caller.ref.id,
      updatedAt: this.now(),
    });
  }

  async delete(caller: Caller, shortcode: string, shared: boolean): Promise<void> {
    this.requireEditor(caller, shared);
    if (!(await this.store.deleteCanned(shared ? null : caller.ref.id, shortcode))) throw new AppError('not_found', 'No such canned response.');
  }

  /** The helper's own response wins over a shared one with the same short code. */
  async expand(caller: Caller, shortcode: string): Promise<CannedResponse> {
    requireStaff(caller);
    const found = (await this.store.getCanned(caller.ref.id, shortcode)) ?? (await this.store.getCanned(null, shortcode));
    if (!found) throw new AppError('not_found', 'No such canned response.');
    return found;
  }

  private requireEditor(caller: Caller, shared: boolean): void {
    requireStaff(caller);
    if (shared && !isMonitor(caller.roles)) throw new AppError('forbidden', 'Only monitors may edit shared canned responses.');
  }
}
