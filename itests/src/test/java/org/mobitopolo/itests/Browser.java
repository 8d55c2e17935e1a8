package org.mobitopolo.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver through Selenium: nothing is
 * downloaded (no Selenium Manager), and {@link #close} ends both processes. Every step can leave a
 * screenshot in a directory of the build's {@code target/}.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path screenshots;
    private int shots;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Whether this host has the browser and its driver (scripts/setup.sh installs both). */
    static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    static Browser start(Path screenshots, int width, int height) {
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withLogFile(screenshots.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // --no-sandbox: the tests run as root, where chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions");
        try {
            service.start();
            return new Browser(service, new ChromeDriver(service, options), screenshots);
        } catch (IOException e) {
            service.stop();
            throw new UncheckedIOException("chromedriver did not start", e);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Forgets the page's cookies and storage: the next test starts logged out. */
    void forget() {
        driver.manage().deleteAllCookies();
        if (driver.getCurrentUrl().startsWith("http")) {
            script("localStorage.clear(); sessionStorage.clear();");
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Waits up to {@code seconds} for {@code condition} to give something other than null or false; an
     * element the page replaced while the condition read it is looked for again.
     */
    <T> T await(int seconds, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Waits for an element to be shown. */
    WebElement visible(String css, int seconds) {
        return await(seconds, css + " shown", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs an async script: its last argument is the callback that answers. */
    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Saves a screenshot named after the step, numbered in the order taken. */
    Path shot(String step) {
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, step));
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
