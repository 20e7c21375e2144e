// express@4 and koa@2 are installed under aliases; @types/express and @types/koa type both.
declare module "express4" {
  import express from "express";
  export default express;
}
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
// koa-passport 6 ships no types; the tests use it exactly as its README shows.
declare module "koa-passport" {
  // biome-ignore lint/suspicious/noExplicitAny: an untyped JavaScript library.
  export const KoaPassport: any;
}
