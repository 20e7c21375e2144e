import { session } from "@sessionkit/express";
import { MemoryStore } from "@sessionkit/store-memory";
import express from "express";

declare module "@sessionkit/core" {
  interface SessionData {
    views?: number;
  }
}

export const app = express();
app.use(session({ secret: process.env.SESSION_SECRET!, store: new MemoryStore() }));
app.get("/", (req, res) => {
  req.session.data.views = (req.session.data.views ?? 0) + 1;
  res.send(`${req.session.data.views} views`);
});
app.post("/login", (req, res) => {
  req.session.userId = "ada"; // signing in regenerates the session: no fixation
  res.redirect("/");
});
app.post("/logout", (req, res) => {
  req.session.destroy(); // deletes the record and clears the cookie
  res.redirect("/");
});
