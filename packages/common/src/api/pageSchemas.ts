// Cursor pagination, the same on every list endpoint.
import Type, { type Static, type TSchema } from 'typebox';

export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size' })),
    cursor: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'The nextCursor of the previous page; omit for the first page',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

/** A page of items; nextCursor is null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });
}
