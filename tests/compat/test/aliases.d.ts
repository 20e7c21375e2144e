// express@4 and koa@2 are installed under aliases; @types/express and @types/koa type both.
declare module "express4" {
  import express from "express";
  export default express;
}
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
