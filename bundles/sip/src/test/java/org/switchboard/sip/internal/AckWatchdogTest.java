package org.switchboard.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Properties;
import javax.sip.ListeningPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jain-sip's watchdog for an ACK never sent, on a real stack with our timer: armed by every 200 to an INVITE
 * and never cancelled by the ACK, it must not keep an ended dialog in memory for its 32 s, and must stay armed
 * for a dialog the stack still holds.
 */
class AckWatchdogTest {
    private TunedSipStack stack;
    private SipProviderImpl provider;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "ack-watchdog-test");
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        stack = new TunedSipStack(p, DatagramGate.NONE);
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", TestConfig.freePort(), ListeningPoint.UDP);
        provider = (SipProviderImpl) stack.createSipProvider(point);
        stack.start();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void anEndedDialogIsNotKeptByItsWatchdog() throws Exception {
        WeakReference<SIPDialog> dialog = new WeakReference<>(answeredDialog("ended"));
        assertThat(dialog.get()).isNotNull();

        assertThat(collectedWithinSeconds(dialog, 5))
                .as("a dialog nothing holds but its armed watchdog is garbage-collected").isTrue();
    }

    @Test
    void aDialogTheStackHoldsStaysWatched() throws Exception {
        SIPDialog held = answeredDialog("held");
        stack.putDialog(held);
        String dialogId = held.getDialogId();
        WeakReference<SIPDialog> dialog = new WeakReference<>(held);
        held = null;

        assertThat(collectedWithinSeconds(dialog, 1)).isFalse();
        SIPDialog same = stack.getDialog(dialogId);
        assertThat(same).isSameAs(dialog.get());
        SIPStackTimerTask watchdog = watchdogOf(same);
        assertThat(watchdog).as("the watchdog is still armed").isNotNull();
        assertThat(watchdog.getSipTimerTask()).as("and still on the wheel").isNotNull();
    }

    /** A client dialog confirmed by a 200 to its INVITE, its ACK watchdog armed as jain-sip arms it. */
    private SIPDialog answeredDialog(String callId) throws Exception {
        SIPResponse ok = (SIPResponse) new MessageFactoryImpl().createResponse("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1>;tag=b1\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:bob@127.0.0.1:5070>\r\n"
                + "Content-Length: 0\r\n\r\n");
        SIPDialog dialog = new SIPDialog(provider, ok);
        dialog.setDialogId(ok.getDialogId(false));
        dialog.doDeferredDeleteIfNoAckSent(1);
        assertThat(watchdogOf(dialog)).as("jain-sip armed its watchdog").isNotNull();
        assertThat(watchdogOf(dialog).getClass().getName()).isEqualTo(WheelSipTimer.ACK_WATCHDOG);
        return dialog;
    }

    private static SIPStackTimerTask watchdogOf(SIPDialog dialog) throws ReflectiveOperationException {
        Field field = SIPDialog.class.getDeclaredField("dialogDeleteIfNoAckSentTask");
        field.setAccessible(true);
        return (SIPStackTimerTask) field.get(dialog);
    }

    private static boolean collectedWithinSeconds(WeakReference<?> reference, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        return reference.get() == null;
    }
}
