/** What the customer, product and supplier pickers hand straight on to SearchPicker. */
export type PickerProps<T> = {
  value?: T | null;
  id: string;
  testid: string;
  placeholder?: string;
  /** When no <label for={id}> names the input (a table cell). */
  ariaLabel?: string | undefined;
  /** Open the list as soon as the input gets focus (entry forms typed straight through). */
  openOnFocus?: boolean;
  invalid?: boolean;
  disabled?: boolean;
  describedBy?: string | undefined;
  /** The user picked an item, or cleared the pick by typing (null). */
  onpick?: (item: T | null) => void;
};
