// The routes of the ESM and CommonJS apps (the TypeScript app spells them out, typed). Plain
// JavaScript without imports, so what those apps test is how they load sessionkit itself.
exports.mountExpressRoutes = (web) => {
  web.get("/views", (req, res) => {
    req.session.data.views = (req.session.data.views ?? 0) + 1;
    res.send(String(req.session.data.views));
  });
  web.get("/me", (req, res) => res.send(req.session.userId ?? "anonymous"));
  web.post("/login", (req, res) => {
    req.session.userId = "ada";
    res.send("ok");
  });
  web.post("/logout", (req, res) => {
    req.session.destroy();
    res.send("ok");
  });
};

exports.koaRoutes = (ctx) => {
  if (ctx.path === "/views") {
    ctx.session.data.views = (ctx.session.data.views ?? 0) + 1;
    ctx.body = String(ctx.session.data.views);
  } else if (ctx.path === "/me") ctx.body = ctx.session.userId ?? "anonymous";
  else if (ctx.path === "/login" && ctx.method === "POST") {
    ctx.session.userId = "ada";
    ctx.body = "ok";
  } else if (ctx.path === "/logout" && ctx.method === "POST") {
    ctx.session = null;
    ctx.body = "ok";
  }
};

/** Resolves with the port once `server` listens. */
exports.listening = (server) =>
  new Promise((resolve) => server.once("listening", () => resolve(server.address().port)));
