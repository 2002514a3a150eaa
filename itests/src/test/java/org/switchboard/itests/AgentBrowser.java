package org.switchboard.itests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One agent's headless Chromium on the softphone page, its microphone a generated tone (Chromium's
 * fake capture device plays the WAV). It listens to what the page plays with WebAudio: an analyser
 * on the remote stream of {@code #remote-audio}, read at the frequencies a test asks about.
 */
final class AgentBrowser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String page;

    private AgentBrowser(ChromeDriver driver, String page) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
        this.page = page;
    }

    /** A browser whose microphone plays {@code microphone} (a WAV file), on the softphone at {@code page}. */
    static AgentBrowser open(String page, Path microphone) {
        File chromedriver = new File("/usr/bin/chromedriver");
        File chromium = new File("/usr/bin/chromium");
        if (!chromedriver.canExecute() || !chromium.canExecute()) {
            throw new AssertionError("install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--window-size=360,800", "--disable-gpu", "--lang=en-US",
                "--disable-dev-shm-usage", // /dev/shm is small in containers and CI machines
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphone.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required",
                // the screen pop opens the CRM window as a call rings, with no click (an agent allows pop-ups once)
                "--disable-popup-blocking",
                // our ICE candidate is on loopback: Chromium gathers loopback candidates only when told
                "--allow-loopback-in-peer-connection");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver).usingAnyFreePort().build();
        AgentBrowser browser = new AgentBrowser(new ChromeDriver(service, options), page);
        browser.driver.get(page);
        return browser;
    }

    /** Signs in through the page and waits until this tab's phone line is open. */
    AgentBrowser signIn(String username, String password) {
        WebElement name = visible(By.id("login-username"));
        name.clear();
        name.sendKeys(username);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        visible(By.id("me-name"));
        return this;
    }

    /** Waits for the page's phone line state ({@code open}, {@code inactive}, ...). */
    void awaitPhone(String state) {
        // a wait of its own: withMessage would stay on the shared one
        new WebDriverWait(driver, WAIT).withMessage(() -> "phone line " + state + ", is " + phoneState() + "; browser log: "
                + log()).until(d -> state.equals(phoneState()));
    }

    /** Waits until the page's phone line leaves {@code state} (e.g. its signalling dropped). */
    void awaitPhoneLeaves(String state) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(() -> "phone line still " + state)
                .until(d -> !state.equals(phoneState()));
    }

    String phoneState() {
        return String.valueOf(driver.findElement(By.id("app")).getAttribute("data-phone"));
    }

    void reload() {
        driver.navigate().refresh();
        visible(By.id("me-name"));
    }

    void newTab() {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(page);
    }

    /** Runs a script in the page and returns what it returns. */
    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void switchToTab(int index) {
        driver.switchTo().window(List.copyOf(driver.getWindowHandles()).get(index));
    }

    /** Clicks the element once it is clickable; one the page redrew meanwhile is looked up again. */
    void click(By by) {
        wait.until(d -> {
            try {
                WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
                if (element == null) {
                    return false;
                }
                element.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * How loud each frequency is in what the page plays now, in dBFS, from an analyser on the remote
     * stream (attached once; Chrome feeds a remote WebRTC track to WebAudio only while an element plays it).
     */
    @SuppressWarnings("unchecked")
    Map<String, Number> hears(int... frequencies) {
        StringBuilder list = new StringBuilder();
        for (int f : frequencies) {
            list.append(list.length() == 0 ? "" : ",").append(f);
        }
        Object levels = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const audio = document.getElementById('remote-audio');
                if (!audio || !audio.srcObject) { done({}); return; }
                if (window.__listener?.stream !== audio.srcObject) {
                  const ctx = window.__listener?.ctx || new AudioContext();
                  const analyser = ctx.createAnalyser();
                  analyser.fftSize = 4096;
                  analyser.smoothingTimeConstant = 0.5;
                  ctx.createMediaStreamSource(audio.srcObject).connect(analyser);
                  window.__listener = { ctx, analyser, stream: audio.srcObject };
                }
                const { ctx, analyser } = window.__listener;
                ctx.resume().then(() => setTimeout(() => {
                  const bins = new Float32Array(analyser.frequencyBinCount);
                  analyser.getFloatFrequencyData(bins);
                  const levels = {};
                  for (const f of [%s]) {
                    const i = Math.round(f / (ctx.sampleRate / analyser.fftSize));
                    levels[String(f)] = Math.max(bins[i - 1], bins[i], bins[i + 1]);
                  }
                  done(levels);
                }, 300));
                """.formatted(list));
        return (Map<String, Number>) levels;
    }

    /** Whether the page plays {@code tone} clearly above {@code reference} (a frequency nobody sends). */
    boolean hearsTone(int tone, int reference) {
        Map<String, Number> levels = hears(tone, reference);
        double at = decibels(levels, tone);
        return at > -50 && at - decibels(levels, reference) > 20;
    }

    /** Whether the page plays something voice-like: energy in the speech band well above silence. */
    boolean hearsSpeech() {
        int[] band = {300, 500, 800, 1200, 2000};
        for (int attempt = 0; attempt < 10; attempt++) {
            Map<String, Number> levels = hears(band);
            for (int frequency : band) {
                if (decibels(levels, frequency) > -60) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One frequency's level; digital silence is -Infinity in the page, which WebDriver hands over as null
     * (JSON has no infinities), and a frequency not measured (no stream yet) is absent: both are silence.
     */
    private static double decibels(Map<String, Number> levels, int frequency) {
        Number level = levels.get(String.valueOf(frequency));
        return level == null ? Double.NEGATIVE_INFINITY : level.doubleValue();
    }

    String log() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get("browser").forEach(entry -> out.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (Exception e) {
            System.out.println("screenshot " + file + " failed: " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
