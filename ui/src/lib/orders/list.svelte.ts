// Order list state that outlives the list view: returning from an order keeps filters and page.
import { emptyFilters, type OrderFilters } from './query';

export const orderListState = $state<{ filters: OrderFilters; page: number }>({ filters: emptyFilters(), page: 0 });
