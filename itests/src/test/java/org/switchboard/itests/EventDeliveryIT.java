package org.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * How the distribution's EventAdmin delivers posted events ({@code etc/org.apache.felix.eventadmin.impl.EventAdmin.cfg}):
 * Switchboard's handlers are called by the thread that delivers the event, while a handler of any other
 * package still has its delivery handed to a second thread under the blacklisting timeout. That hand-off,
 * per handler and event, cost ~0.6 ms of CPU per call at a few hundred calls a second (bench/README.md).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventDeliveryIT extends SwitchboardTestSupport {
    private static final String TOPIC = "org/switchboard/itest/DELIVERY";

    @Configuration
    public Option[] config() {
        return baseConfig();
    }

    @Test
    public void switchboardHandlersRunOnTheDeliveringThreadOthersAreHandedOff() throws Exception {
        awaitHealthy();
        BlockingQueue<String> ours = new LinkedBlockingQueue<>();
        BlockingQueue<String> theirs = new LinkedBlockingQueue<>();
        EventHandler switchboardHandler = event -> ours.add(Thread.currentThread().getName());
        // a class outside org.switchboard (a JDK proxy), as another vendor's bundle would register
        EventHandler otherHandler = (EventHandler) Proxy.newProxyInstance(EventHandler.class.getClassLoader(),
                new Class<?>[] {EventHandler.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "handleEvent" -> theirs.add(Thread.currentThread().getName());
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "other vendor's handler";
                });
        ServiceRegistration<EventHandler> first = register(switchboardHandler);
        ServiceRegistration<EventHandler> second = register(otherHandler);
        try {
            EventAdmin eventAdmin = awaitService(EventAdmin.class);
            // Felix decides on the timeout when it first calls a handler (the first delivery never has it)
            eventAdmin.postEvent(new Event(TOPIC, Map.of()));
            assertNotNull("the Switchboard handler got the first event", ours.poll(10, TimeUnit.SECONDS));
            assertNotNull("the other handler got the first event", theirs.poll(10, TimeUnit.SECONDS));

            eventAdmin.postEvent(new Event(TOPIC, Map.of()));
            String oursRanOn = ours.poll(10, TimeUnit.SECONDS);
            String theirsRanOn = theirs.poll(10, TimeUnit.SECONDS);
            assertNotNull("the Switchboard handler got the second event", oursRanOn);
            assertNotNull("the other handler got the second event", theirsRanOn);
            // Felix's pools: "EventAdminAsyncThread #n" deliver posted events, "EventAdminThread #n" take the
            // deliveries handed off under the timeout
            assertTrue("handed off under the timeout: " + theirsRanOn, theirsRanOn.startsWith("EventAdminThread"));
            assertFalse("called by the delivering thread: " + oursRanOn, oursRanOn.startsWith("EventAdminThread"));
            assertEquals("once each", 0, ours.size() + theirs.size());
        } finally {
            first.unregister();
            second.unregister();
        }
    }

    private ServiceRegistration<EventHandler> register(EventHandler handler) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPIC);
        return bundleContext.registerService(EventHandler.class, handler, properties);
    }
}
