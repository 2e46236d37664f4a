/**
 * Type-level checks that tie a TypeScript type to the valibot schema that checks the same values at run time. They
 * are compile-time tests: `type _ = Assert<...>` compiles only when the check holds, so `tsc` (and `deno test`,
 * which type-checks) fails when a type and its schema drift apart; the error names what differs.
 *
 * The schemas are loose: they check only the fields the library relies on. So a type may declare fields its schema
 * does not check, but not the other way round, and where both speak of a field they must agree on its type.
 */

/** Compiles only when `Check` is `true`; otherwise the error shows `Check`, which says what is wrong. */
export type Assert<Check extends true> = Check;

/** Whether every value of `From` is a value of `To`. */
export type IsAssignable<From, To> = [From] extends [To] ? true : false;

/** Whether `A` and `B` are the same type. */
export type IsEqual<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/** The keys a type declares by name, without those its index signature (`[key: string]: unknown`) allows. */
export type DeclaredKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K];
};

/**
 * Whether a type and a schema's output (`v.InferOutput<typeof Schema>`) describe the same values, `true` or what
 * differs:
 * - every value of the type passes the schema (`typeFailsSchema`: a field the schema requires that the type lacks
 *   or makes optional, or types differently);
 * - every field the schema checks is declared by the type (`undeclaredInType`);
 * - every value the schema lets through a field is one the type allows there (`typedDifferently`): nested objects
 *   are compared by these same rules, so a schema there may check fewer fields than the type declares.
 *
 * A schema may tolerate the absence of a field the type requires only where `MayBeAbsent` names it (a deliberate
 * leniency, such as `parent_tool_use_id` of user lines).
 */
export type Tied<Type, Output, MayBeAbsent extends PropertyKey = never> = IsAssignable<Type, Output> extends false
  ? { typeFailsSchema: Type }
  : [Undeclared<Type, Output>] extends [never] ? TiedFields<Type, Output, MayBeAbsent>
  : { undeclaredInType: Undeclared<Type, Output> };

/** `true` when every shared field is tied, else the fields typed differently. */
type TiedFields<Type, Output, MayBeAbsent extends PropertyKey> = [TypedDifferently<Type, Output, MayBeAbsent>] extends
  [never] ? true
  : { typedDifferently: TypedDifferently<Type, Output, MayBeAbsent> };

/** The fields the schema checks that the type does not declare. */
type Undeclared<Type, Output> = Exclude<DeclaredKeys<Output>, DeclaredKeys<Type>>;

/** The shared fields where the schema lets through a value the type does not allow. */
type TypedDifferently<Type, Output, MayBeAbsent extends PropertyKey> = {
  [K in DeclaredKeys<Output> & DeclaredKeys<Type>]:
    FieldTied<Type[K], K extends MayBeAbsent ? Exclude<Output[K], undefined> : Output[K]> extends true ? never
      : K;
}[DeclaredKeys<Output> & DeclaredKeys<Type>];

/** A field: nested objects by {@link Tied}'s rules (their null and undefined apart), anything else by assignability. */
type FieldTied<TypeField, OutputField> = [IsObject<NonNullable<TypeField>>, IsObject<NonNullable<OutputField>>] extends
  [true, true] ? [
    IsAssignable<Exclude<OutputField, object>, TypeField>,
    Tied<NonNullable<TypeField>, NonNullable<OutputField>>,
  ] extends [true, true] ? true : false
  : IsAssignable<OutputField, TypeField>;

/**
 * Whether a type is one object type with fields: not an array, a function or a union (a union, such as a response
 * that is a success or an error, is compared whole, by assignability).
 */
type IsObject<T> = [T] extends [readonly unknown[]] ? false
  : [T] extends [(...args: never[]) => unknown] ? false
  : [T] extends [object] ? IsUnion<T> extends true ? false : true
  : false;

/** Whether a type is a union of several members. */
type IsUnion<T, Whole = T> = T extends unknown ? ([Whole] extends [T] ? false : true) : never;
