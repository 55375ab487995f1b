package com.customertimeline.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.customertimeline.support.Http;
import com.customertimeline.support.PostgresBackedServiceIT;
import com.customertimeline.support.Reps;
import com.customertimeline.support.TestCallers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The workspace as people use it, in the system's headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; nothing is downloaded). Where the browser is missing the suite says so
 * loudly and skips; in CI ({@code CI=true}) a missing browser fails the build. Every scenario leaves a
 * screenshot in {@code target/workspace-screenshots}.
 */
class WorkspaceBrowserIT extends PostgresBackedServiceIT {

    private static final String PASSWORD = "a-long-enough-password";
    private static final Path SCREENSHOTS = Path.of("target", "workspace-screenshots");

    private static ChromeDriver browser;

    private String run;
    private String team;
    private String repA;
    private String repB;
    private String accountA;
    private String accountB;
    private final Map<String, String> owners = new java.util.HashMap<>();

    @BeforeAll
    static void startBrowser() {
        Path chromium = Path.of(System.getProperty("workspace.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("workspace.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            String message = "Chromium (" + chromium + ") or chromedriver (" + driver + ") is missing, so the"
                    + " workspace's browser tests did NOT run. Install Debian's packages: apt-get install"
                    + " chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            System.err.println("\n**********\n" + message + "\n**********\n");
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,900",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void team() {
        run = unique("b");
        team = run + "-team";
        repA = run + "-anna";
        repB = run + "-bo";
        rep(repA, "Anna Schmidt-Lindqvist von Hohenberg", team);
        rep(repB, "王博文", team);
        accountA = run + "-u-anna";
        accountB = run + "-u-bo";
        TestCallers.person(anonymous, accountA, PASSWORD, repA, team, "REP");
        TestCallers.person(anonymous, accountB, PASSWORD, repB, team, "REP");
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Europe/Berlin"));
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot,
                SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aRepSignsInSeesTheirCustomersAndSignsOut() {
        String customer = customer("Long Name Trading Company of the Greater Bay Area 粤港澳大湾区长名字贸易有限公司", repA);
        signIn(accountA);
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/portfolio");
        assertThat(text(By.tagName("h1"))).isEqualTo("My customers");
        assertThat(rowsOf("portfolio")).containsExactly(customer);
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.cssSelector(".notice"));
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/login?signedOut");
        assertThat(text(By.cssSelector(".notice"))).isEqualTo("You have signed out.");
        open("/workspace/portfolio");
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/login");
    }

    @Test
    void aRepSeesOnlyTheirOwnCustomersAndAClearPageForAnotherRepsCustomer() {
        String mine = customer("Mine Ltd", repA);
        String theirs = customer("Theirs Ltd", repB);
        signIn(accountA);
        assertThat(rowsOf("portfolio")).containsExactly(mine);
        open("/workspace/search?q=Ltd");
        assertThat(browser.findElements(By.cssSelector("#results a")))
                .extracting(WebElement::getText)
                .contains("Mine Ltd")
                .doesNotContain("Theirs Ltd");
        open("/workspace/customers/" + theirs);
        assertThat(text(By.tagName("h1"))).isEqualTo("Not yours to open");
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("Theirs Ltd");
    }

    @Test
    void whenTheSessionEndsUnderAnOpenPageItsNextFragmentOpensTheSignInPage() {
        String customer = customer("Session End Ltd", repA);
        signIn(accountA);
        open("/workspace/customers/" + customer);
        assertThat(text(By.id("customer-name"))).isEqualTo("Session End Ltd");

        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.findElement(By.cssSelector("#card-history summary")).click();

        waitFor(By.id("session-ended"));
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/login?expired");
        assertThat(text(By.id("session-ended"))).isEqualTo("Your session has ended: sign in again to go on.");
        assertThat(browser.findElements(By.id("card-history")))
                .as("the sign-in page replaced the page, not the fragment")
                .isEmpty();
    }

    @Test
    void thePortfolioSortsByOpenComplaints() {
        String none = customer("A No Complaints", repA);
        String two = customer("B Two Complaints", repA);
        String one = customer("C One Complaint", repA);
        complaint(two, "k1");
        long version = complaint(two, "k2");
        awaitPortfolio(two, version);
        awaitPortfolio(one, complaint(one, "k3"));
        awaitPortfolio(none, 0);
        signIn(accountA);
        browser.findElement(By.cssSelector("[data-sort=OPEN_COMPLAINTS]")).click();
        assertThat(rowsOf("portfolio")).containsExactly(two, one, none);
        browser.findElement(By.cssSelector("[data-sort=OPEN_COMPLAINTS]")).click();
        assertThat(rowsOf("portfolio")).containsExactly(none, one, two);
        browser.findElement(By.cssSelector("[data-sort=NAME]")).click();
        assertThat(rowsOf("portfolio")).containsExactly(none, two, one);
    }

    @Test
    void theCustomerPageShowsCardHistorySummaryAndNewestEntriesFirst() {
        String customer = customer("Card History GmbH", repA);
        assertThat(http.patch("/api/v1/customers/" + customer + "/card", "{\"position\":\"Head of Purchasing\"}")
                        .status())
                .isEqualTo(200);
        interaction(customer, "EMAIL", "Sent the catalogue");
        long version = interaction(customer, "PHONE", "Talked about the spring order");
        signIn(accountA);
        open("/workspace/customers/" + customer + "?v=" + version);
        assertThat(text(By.id("customer-name"))).isEqualTo("Card History GmbH");
        browser.findElement(By.cssSelector("#card-history summary")).click();
        waitFor(By.id("card-history-table"));
        assertThat(text(By.id("card-history")))
                .contains("Position")
                .contains("Buyer")
                .contains("Head of Purchasing")
                .contains("Card History GmbH");
        assertThat(text(By.id("glance"))).contains("Interactions").contains("2");
        List<WebElement> entries = browser.findElements(By.cssSelector("#timeline li.entry"));
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0).getText()).contains("Talked about the spring order");
        assertThat(entries.get(3).getAttribute("data-kind")).isEqualTo("REGISTERED");
    }

    @Test
    void theTimelineFiltersByChannel() {
        String customer = customer("Filter AG", repA);
        interaction(customer, "EMAIL", "Mail one");
        interaction(customer, "PHONE", "Call one");
        long version = interaction(customer, "EMAIL", "Mail two");
        signIn(accountA);
        open("/workspace/customers/" + customer + "?v=" + version);
        browser.findElement(By.cssSelector("details.filters summary")).click();
        browser.findElement(By.cssSelector("#timeline-filter input[name=channel][value=EMAIL]"))
                .click();
        browser.findElement(By.id("filter-apply")).click();
        waitFor(By.id("timeline"));
        assertThat(browser.findElements(By.cssSelector("#timeline li.entry .entry-text")))
                .extracting(WebElement::getText)
                .containsExactly("Mail two", "Mail one");
    }

    @Test
    void scrollingLoadsOlderEntriesExactlyOnceEach() {
        String customer = customer("Scroll Ltd", repA);
        long version = 0;
        for (int i = 1; i <= 120; i++) {
            version = interaction(customer, "CHAT", "message " + i);
        }
        signIn(accountA);
        open("/workspace/customers/" + customer + "?v=" + version);
        assertThat(browser.findElements(By.cssSelector("#timeline li.entry"))).hasSize(50);
        for (int round = 0;
                round < 10
                        && !browser.findElements(By.cssSelector("#timeline li.more"))
                                .isEmpty();
                round++) {
            int before =
                    browser.findElements(By.cssSelector("#timeline li.entry")).size();
            browser.executeScript("document.querySelector('#timeline li.more').scrollIntoView()");
            new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(d ->
                            d.findElements(By.cssSelector("#timeline li.entry")).size() > before);
        }
        List<String> sequences = browser.findElements(By.cssSelector("#timeline li.entry")).stream()
                .map(entry -> entry.getAttribute("data-sequence"))
                .toList();
        assertThat(sequences).hasSize(121);
        assertThat(new HashSet<>(sequences)).hasSize(121);
        assertThat(sequences.get(0)).isEqualTo("120");
        assertThat(sequences.get(120)).isEqualTo("0");
        assertThat(browser.findElements(By.cssSelector("#timeline li.more"))).isEmpty();
    }

    @Test
    void anAuditorSeesTheCustomerAsItStoodWithTheEarlierOwner() throws InterruptedException {
        String customer = customer("As Of Oy", repA);
        Thread.sleep(1_200);
        Instant between = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1_200);
        Http.Response moved = http.put(
                "/api/v1/customers/" + customer + "/owner",
                "{\"toRepId\":\"%s\",\"reason\":\"TEAM_CHANGE\",\"handoverNote\":\"Prefers e-mail\"}".formatted(repB));
        assertThat(moved.status()).isEqualTo(200);
        owners.put(customer, repB);
        String auditor = run + "-u-aud";
        TestCallers.person(anonymous, auditor, PASSWORD, null, null, "AUDITOR");
        signIn(auditor);
        open("/workspace/customers/" + customer + "?v="
                + moved.json().path("version").asLong());
        assertThat(text(By.id("owner"))).contains(repB);
        assertThat(browser.findElements(By.cssSelector("#timeline li.entry.handover")))
                .singleElement()
                .extracting(WebElement::getText)
                .asString()
                .contains("Prefers e-mail")
                .contains("Team change");
        ZoneId zone = ZoneId.of(browser.findElement(By.tagName("body")).getAttribute("data-zone"));
        String local =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(LocalDateTime.ofInstant(between, zone));
        browser.executeScript("document.getElementById('asOf').value = arguments[0]", local);
        browser.findElement(By.id("asof-go")).click();
        waitFor(By.id("asof-banner"));
        assertThat(text(By.id("asof-banner"))).contains("As of");
        assertThat(text(By.id("owner"))).contains(repA).doesNotContain(repB);
        assertThat(browser.findElements(By.cssSelector("#timeline li.entry.handover")))
                .isEmpty();
        browser.findElement(By.id("asof-leave")).click();
        waitFor(By.id("owner"));
        assertThat(browser.findElements(By.id("asof-banner"))).isEmpty();
        assertThat(text(By.id("owner"))).contains(repB);
    }

    @Test
    void aRepRecordsAnInteractionAndSeesItOnTheTimeline() {
        String customer = customer("Record SA", repA);
        signIn(accountA);
        open("/workspace/customers/" + customer);
        new Select(browser.findElement(By.id("channel"))).selectByValue("VISIT");
        browser.findElement(By.id("summary")).sendKeys("Visited the showroom together");
        new Select(browser.findElement(By.id("satisfaction"))).selectByValue("5");
        browser.findElement(By.id("record-submit")).click();
        waitFor(By.cssSelector(".notice.ok"));
        assertThat(text(By.cssSelector(".notice.ok"))).isEqualTo("Interaction recorded.");
        WebElement newest = browser.findElement(By.cssSelector("#timeline li.entry"));
        assertThat(newest.getText())
                .contains("Visited the showroom together")
                .contains("Visit")
                .contains(repA);
    }

    @Test
    void aRefusedFormShowsTheReasonBesideTheFieldAndRecordsNothing() {
        String customer = customer("Refusal BV", repA);
        signIn(accountA);
        open("/workspace/customers/" + customer);
        browser.findElement(By.id("followUpDescription")).sendKeys("Call back");
        browser.findElement(By.id("record-submit")).click();
        waitFor(By.id("summary-error"));
        assertThat(text(By.id("summary-error"))).isNotBlank();
        assertThat(browser.findElement(By.id("followUpDescription")).getAttribute("value"))
                .isEqualTo("Call back");
        assertThat(browser.findElements(By.id("followUpDueAt-error"))).hasSize(1);
        assertThat(http.get("/api/v1/customers/" + customer)
                        .json()
                        .path("version")
                        .asLong())
                .isZero();
    }

    @Test
    void aDoubleSubmitRecordsOneEvent() {
        String customer = customer("Double Click Kft", repA);
        signIn(accountA);
        open("/workspace/customers/" + customer);
        browser.findElement(By.id("summary")).sendKeys("Only once please");
        Object statuses = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const form = document.getElementById('interaction-form');"
                + "const send = () => fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))});"
                + "Promise.all([send(), send()]).then(rs => done(rs.map(r => r.status + ' ' + r.url)));");
        assertThat((List<?>) statuses).hasSize(2).allSatisfy(status -> assertThat(status.toString())
                .startsWith("200")
                .contains("done=interaction"));
        open("/workspace/customers/" + customer + "?v=1");
        assertThat(browser.findElements(By.cssSelector("#timeline li.entry .entry-text")))
                .extracting(WebElement::getText)
                .containsExactly("Only once please");
        assertThat(http.get("/api/v1/customers/" + customer)
                        .json()
                        .path("version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aRepAcknowledgesAHandoverFromTheirPortfolio() {
        String customer = customer("Handover Oyj", repB);
        Http.Response moved = http.put(
                "/api/v1/customers/" + customer + "/owner",
                "{\"toRepId\":\"%s\",\"reason\":\"WORKLOAD_BALANCING\",\"handoverNote\":\"Renewal due in May\"}"
                        .formatted(repA));
        assertThat(moved.status()).isEqualTo(200);
        owners.put(customer, repA);
        awaitPortfolio(customer, moved.json().path("version").asLong());
        signIn(accountA);
        assertThat(text(By.id("pending-count"))).isEqualTo("1");
        browser.findElement(By.cssSelector(".pending-item a")).click();
        waitFor(By.id("acknowledge"));
        assertThat(browser.getPageSource()).contains("Renewal due in May");
        browser.findElement(By.id("acknowledge")).click();
        waitFor(By.id("acknowledged"));
        assertThat(text(By.id("acknowledged"))).startsWith("Acknowledged by " + repA);
        open("/workspace/portfolio");
        assertThat(browser.findElements(By.id("pending-count"))).isEmpty();
    }

    @Test
    void aManagerDepartsARepAndWatchesTheProgressReachAHundredPercent() {
        String leaving = run + "-leaving";
        rep(leaving, "Leaving Rep", team);
        for (int i = 0; i < 12; i++) {
            customer("Departure Customer " + i, leaving);
        }
        String manager = run + "-u-mgr";
        rep(run + "-lead", "Team Lead", team);
        TestCallers.person(anonymous, manager, PASSWORD, run + "-lead", team, "MANAGER");
        signIn(manager);
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/team");
        WebElement row = browser.findElement(By.cssSelector("tr[data-rep='" + leaving + "']"));
        row.findElement(By.tagName("summary")).click();
        Select successors = new Select(row.findElement(By.name("successors")));
        successors.selectByValue(repA);
        successors.selectByValue(repB);
        row.findElement(By.name("reason")).sendKeys("Moved abroad");
        row.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("departure-complete")));
        assertThat(browser.findElement(By.id("departure-bar")).getAttribute("value"))
                .isEqualTo("100");
        assertThat(text(By.id("departure-percent"))).isEqualTo("100 %");
        assertThat(text(By.id("departure-progress"))).contains("12 of 12");
    }

    @Test
    void anAdministratorReplaysAProjectionWatchesItReachAHundredPercentAndRebuildsOneCustomer() {
        String customer = customer("Replayed Customer", repA);
        long version = interaction(customer, "PHONE", "before the replay");
        awaitPortfolio(customer, version);
        String admin = run + "-u-admin";
        TestCallers.person(anonymous, admin, PASSWORD, null, null, "ADMIN");
        signIn(admin);
        assertThat(browser.getCurrentUrl()).endsWith("/workspace/processors");
        browser.findElement(By.id("replay-customer-summary")).click();
        // the table is replaced every second while any processor moves: read the row within one look
        String[] seen = new String[3];
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    WebElement row = page.findElement(By.id("processor-customer-summary"));
                    if (!"LIVE".equals(row.getAttribute("data-state"))) {
                        return false;
                    }
                    seen[0] = row.findElement(By.tagName("progress")).getAttribute("value");
                    seen[1] = row.findElement(By.cssSelector(".percent")).getText();
                    seen[2] =
                            String.valueOf(row.findElements(By.tagName("time")).size());
                    return true;
                });
        assertThat(Double.parseDouble(seen[0])).isEqualTo(100.0);
        assertThat(seen[1]).isEqualTo("100.0 %");
        assertThat(seen[2]).as("started and finished").isEqualTo("2");

        browser.findElement(By.id("rebuild-customer")).sendKeys(customer);
        browser.findElement(By.cssSelector("#rebuild button[type=submit]")).click();
        waitFor(By.id("rebuilt"));
        assertThat(text(By.id("rebuilt"))).startsWith("Rebuilt " + customer + " from 2 events");

        browser.findElement(By.id("rebuild-customer")).clear();
        browser.findElement(By.id("rebuild-customer")).sendKeys("nobody-" + run);
        browser.findElement(By.cssSelector("#rebuild button[type=submit]")).click();
        waitFor(By.id("rebuild-error"));
        assertThat(text(By.id("rebuild-error"))).isEqualTo("There is no such customer.");
    }

    @Test
    void anAuditorWatchesTheProcessorsButCannotStartAReplay() {
        String auditor = run + "-u-aud-p";
        TestCallers.person(anonymous, auditor, PASSWORD, null, null, "AUDITOR");
        signIn(auditor);
        open("/workspace/processors");
        waitFor(By.id("processor-timeline"));
        assertThat(browser.findElements(By.cssSelector("#processors tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        assertThat(browser.findElements(By.id("replay-timeline"))).isEmpty();
        assertThat(browser.findElements(By.id("rebuild"))).isEmpty();
    }

    @Test
    void anAuditorSealsACheckpointVerifiesTheStoreAndSeesAFormErrorBesideTheField() {
        String auditor = run + "-u-aud-i";
        TestCallers.person(anonymous, auditor, PASSWORD, null, null, "AUDITOR");
        signIn(auditor);
        browser.findElement(By.linkText("Integrity")).click();
        waitFor(By.id("seal-now"));
        browser.findElement(By.id("seal-now")).click();
        waitFor(By.id("sealed"));
        assertThat(text(By.id("sealed"))).matches("Checkpoint \\d+ sealed and signed\\.");
        assertThat(browser.findElements(By.cssSelector("#checkpoints tbody tr")))
                .isNotEmpty();

        browser.findElement(By.id("verify-now")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(StaleElementReferenceException.class)
                .until(page -> {
                    List<WebElement> runs = page.findElements(By.cssSelector("#verifications tbody tr"));
                    return !runs.isEmpty()
                            && !runs.get(0).getAttribute("data-state").equals("RUNNING");
                });
        WebElement latest = browser.findElement(By.cssSelector("#verifications tbody tr"));
        assertThat(latest.getAttribute("data-state")).isIn("CLEAN", "DEFECTS_FOUND");
        assertThat(Double.parseDouble(latest.findElement(By.tagName("progress")).getAttribute("value")))
                .isEqualTo(100.0);
        waitFor(By.id("latest-result"));
        assertThat(text(By.id("latest-result"))).matches("(Clean: [\\d,]+ records checked.*)|([\\d,]+ defect.*)");
        assertThat(browser.findElements(By.cssSelector("#checkpoint-verdicts li")))
                .isNotEmpty();

        browser.findElement(By.id("export-customerId")).sendKeys("not an id!");
        browser.findElement(By.id("export-go")).click();
        waitFor(By.id("export-customerId-error"));
        assertThat(text(By.id("export-customerId-error"))).isEqualTo("Letters, digits and . _ : - only, at most 64.");
        assertThat(browser.findElement(By.id("export-customerId")).getAttribute("value"))
                .isEqualTo("not an id!");
    }

    @Test
    void theCustomerPageInSimplifiedChineseHasChineseLabelsAndDates() {
        String customer = customer("上海明珠贸易有限公司", repA);
        long version = interaction(customer, "PHONE", "电话沟通了春季订单");
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Shanghai"));
        signIn(accountA);
        open("/workspace/customers/" + customer + "?v=" + version);
        browser.findElement(By.cssSelector("a[hreflang=zh-CN]")).click();
        waitFor(By.id("timeline-title"));
        assertThat(text(By.id("timeline-title"))).isEqualTo("时间线");
        assertThat(text(By.id("record-title"))).isEqualTo("记录互动");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.findElement(By.cssSelector("#timeline li.entry time"))
                        .getText())
                .matches("\\d{4}年\\d{1,2}月\\d{1,2}日.*");
        assertThat(text(By.cssSelector("footer"))).contains("Asia/Shanghai");
        open("/workspace/portfolio");
        assertThat(text(By.tagName("h1"))).isEqualTo("我的客户");
    }

    @Test
    void at390PixelsNoPageScrollsSideways() {
        String customer =
                customer("Anna-Katharina Wolkenstein-Rodenegg und Partner Rechtsanwaltsgesellschaft mbB", repA);
        long version = interaction(
                customer,
                "EMAIL",
                "Ein sehr langer Satz ohne Umbruch: "
                        + "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft");
        signIn(accountA);
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of(
                "/workspace/customers/" + customer + "?v=" + version,
                "/workspace/portfolio",
                "/workspace/customers/" + customer + "/brief")) {
            open(page);
            Number overflow = (Number) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as(page).isLessThanOrEqualTo(0);
        }
        open("/workspace/customers/" + customer);
    }

    private void signIn(String account) {
        open("/workspace/login");
        browser.findElement(By.id("username")).sendKeys(account);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waitFor(By.id("sign-out"));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private String text(By element) {
        return browser.findElement(element).getText().trim();
    }

    private void waitFor(By element) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private List<String> rowsOf(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.getAttribute("data-customer"))
                .toList();
    }

    private void rep(String repId, String name, String team) {
        Reps.register(http, repId, name, team);
    }

    private String customer(String name, String owner) {
        String id = unique("c");
        Http.Response registered = http.post(
                "/api/v1/customers",
                "{\"customerId\":\"%s\",\"ownerRepId\":\"%s\",\"card\":{\"name\":\"%s\",\"position\":\"Buyer\"}}"
                        .formatted(id, owner, name));
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
        owners.put(id, owner);
        awaitPortfolio(id, 0);
        return id;
    }

    private long interaction(String customer, String channel, String summary) {
        Http.Response recorded = http.post(
                "/api/v1/customers/" + customer + "/interactions",
                "{\"channel\":\"%s\",\"direction\":\"OUTBOUND\",\"repId\":\"%s\",\"summary\":\"%s\"}"
                        .formatted(channel, ownerOf(customer), summary));
        assertThat(recorded.status()).as(recorded.raw().body()).isEqualTo(201);
        return recorded.json().path("version").asLong();
    }

    private long complaint(String customer, String complaintId) {
        Http.Response filed = http.post(
                "/api/v1/customers/" + customer + "/complaints",
                "{\"complaintId\":\"%s\",\"channel\":\"EMAIL\",\"category\":\"Delivery\",\"severity\":\"HIGH\",\"description\":\"Late\",\"repId\":\"%s\"}"
                        .formatted(complaintId, ownerOf(customer)));
        assertThat(filed.status()).as(filed.raw().body()).isEqualTo(201);
        return filed.json().path("version").asLong();
    }

    private String ownerOf(String customer) {
        return owners.get(customer);
    }

    /** Waits until every read model shows the customer at the version (the owner's portfolio included). */
    private void awaitPortfolio(String customer, long version) {
        for (String view : List.of(
                "/api/v1/customers/" + customer + "?minVersion=" + version,
                "/api/v1/customers/" + customer + "/timeline?minVersion=" + version,
                "/api/v1/reps/" + ownerOf(customer) + "/customers?customerId=" + customer + "&minVersion=" + version)) {
            Http.Response read = http.get(view);
            assertThat(read.status()).as(view + ": " + read.raw().body()).isEqualTo(200);
        }
    }
}
