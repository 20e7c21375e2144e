import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server's in-memory backend on a TCP address, for the test suite on machines
 * where no mongod can be installed. Usage: {@code java MongoStandIn [host] [port]}.
 *
 * <p>Every command runs under one lock ({@link SerialBackend}). The memory backend serialises
 * writes to a collection but lets reads run beside them without synchronisation, so under CPU
 * load a read could see a document that a concurrent replace had not finished publishing: the
 * store conformance case with 100 retrying writers once kept 99 of 100 writes at version 101 (a
 * read returned the new version with the old data). MongoDB reads and writes one document
 * atomically; one lock gives the stand-in the same guarantee, which the store's compare-and-set
 * relies on. Data lives only as long as the process.
 */
public final class MongoStandIn {
  public static void main(String[] args) throws InterruptedException {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27018;

    MongoServer server = new MongoServer(new SerialBackend());
    server.bind(host, port);
    System.out.println("mongo-java-server listening on " + host + ":" + port);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      stopped.countDown();
    }));
    stopped.await();
  }

  /** The memory backend with every request handled under one lock: reads see whole writes. */
  static final class SerialBackend extends MemoryBackend {
    @Override
    public synchronized Document handleCommand(
        Channel channel, String database, String command, Document query) {
      return super.handleCommand(channel, database, command, query);
    }

    @Override
    public synchronized QueryResult handleQuery(MongoQuery query) {
      return super.handleQuery(query);
    }

    @Override
    public synchronized Document handleMessage(MongoMessage message) {
      return super.handleMessage(message);
    }
  }
}
