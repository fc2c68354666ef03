/** One measured figure of `npm run bench:scale`, printed against its target. */
export type Row = {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
};
