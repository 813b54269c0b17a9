/** Runnable examples. Backends are bound through the core module's {@code uses} clause. */
@SuppressWarnings("requires-automatic")
module org.grad4j.examples {
    requires org.grad4j.core;
    requires org.knowm.xchart;
    requires java.desktop;
    requires java.management;

    exports org.grad4j.examples;
}
