export type StoreTestId = string;
