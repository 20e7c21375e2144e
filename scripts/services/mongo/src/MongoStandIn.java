import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server's in-memory backend on a TCP address, for the test suite on machines
 * where no mongod can be installed. Usage: {@code java MongoStandIn [host] [port]}.
 *
 * <p>The memory backend serialises every write to a collection (its collections are
 * synchronized), so a filtered update or replace is atomic per document, as on MongoDB: the
 * store's compare-and-set relies on that. Data lives only as long as the process.
 */
public final class MongoStandIn {
  public static void main(String[] args) throws InterruptedException {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27018;

    MongoServer server = new MongoServer(new MemoryBackend());
    server.bind(host, port);
    System.out.println("mongo-java-server listening on " + host + ":" + port);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      stopped.countDown();
    }));
    stopped.await();
  }
}
