#!/usr/bin/env python3
"""`firth serve` in a real browser: Chromium driven by Selenium through chromedriver.

Run by ServeBrowserTests (Tests/FirthCLITests) with two servers already started:

    serve_browser.py TUTORIAL_URL MARKUP_URL

TUTORIAL_URL serves the tutorial corpus (counted, embedded, with an n-gram model); MARKUP_URL a
corpus whose text and file name hold markup (`<script>alert(1)</script>`,
`"><img src=x onerror=alert(1)>`). One browser session does everything a user does: opens each
page, types a word in the header's box and a sentence in the sentence page, clicks through to a
neighbour, a map point and a compare form, and checks what appears against the JSON API. Any
console message (an error, a refused resource, a failed image) fails the run, as does an alert.

Exit status 0 when every check passed; 1 with the failed checks on stderr; 77 when Selenium or
chromedriver is missing (the caller skips the test then).
"""
import json
import os
import shutil
import sys
import time
import urllib.parse
import urllib.request

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("SKIPPED: Selenium is not installed (python3 -m pip install selenium; `make test` installs it as root)", file=sys.stderr)
    sys.exit(77)

TUTORIAL, MARKUP = sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/")
CHROMIUM = os.environ.get("FIRTH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = os.environ.get("FIRTH_CHROMEDRIVER") or shutil.which("chromedriver")
if not CHROMIUM or not DRIVER:
    print("SKIPPED: Chromium or chromedriver is missing (apt-get install chromium chromium-driver)", file=sys.stderr)
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAILED: " + message, file=sys.stderr)


def api(server, path, **params):
    url = server + "/api/" + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.load(answer)


options = webdriver.ChromeOptions()
options.binary_location = CHROMIUM
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--window-size=1280,1000"]:
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
started = time.monotonic()
driver = webdriver.Chrome(service=Service(DRIVER), options=options)
wait = WebDriverWait(driver, 60)


def view():
    return driver.find_element(By.ID, "view")


def until(condition, what):
    """Waits for `condition()` to be true (and the page no longer loading); fails `what` if it never is."""
    try:
        wait.until(lambda _: not driver.find_elements(By.CSS_SELECTOR, "#view > p.loading") and condition())
        return True
    except TimeoutException:
        check(False, f"{what}: not seen within 60 s (url {driver.current_url})")
        return False


def quiet(where):
    """No console message and no alert since the last call."""
    try:
        alert = driver.switch_to.alert
        check(False, f"{where}: an alert opened: {alert.text!r}")
        alert.dismiss()
    except NoAlertPresentException:
        pass
    messages = driver.get_log("browser")
    check(not messages, f"{where}: the console logged {messages}")
    problems = driver.find_elements(By.CSS_SELECTOR, "#view .problem")
    check(not problems, f"{where}: the page shows an error: {[p.text for p in problems]}")


def hash_is(fragment):
    return lambda: urllib.parse.unquote(driver.current_url.split("#", 1)[-1]) == fragment


def go(server, fragment):
    driver.get(server + "/#/" + fragment)


try:
    # --- Corpus page: the suggested words are links; the Zipf plot is drawn.
    go(TUTORIAL, "corpus")
    corpus = api(TUTORIAL, "corpus")
    first = corpus["suggested_words"][0]
    until(lambda: "Words to start from" in view().text, "the corpus page")
    check(driver.find_elements(By.CSS_SELECTOR, f'#view a[href="#/word/{first}"]'), f"the suggested word {first!r} is a link")
    check(driver.find_elements(By.CSS_SELECTOR, "#view svg.chart.zipf, #view .chart.zipf"), "the Zipf plot")
    quiet("corpus page")

    # --- Type a word in the header's box: its word page.
    box = driver.find_element(By.ID, "lookup-word")
    box.send_keys("River", Keys.ENTER)
    until(hash_is("/word/River"), "typing River goes to its page")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .kw"), "the concordance of river")
    keywords = {k.text for k in driver.find_elements(By.CSS_SELECTOR, "#view .kw")}
    check(keywords == {"river"}, f"the concordance's keywords are river: {keywords}")
    neighbors = api(TUTORIAL, "neighbors", word="river", top=15)
    shown = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#view table.neighbors a")]
    check(shown == [n["neighbor"] for n in neighbors], f"the nearest words are the API's: {shown}")
    check("Collocates" in view().text, "the collocates panel")
    quiet("word page")

    # --- Click the first neighbour: its own page.
    neighbor = neighbors[0]["neighbor"]
    driver.find_element(By.CSS_SELECTOR, f'#view table.neighbors a[href="#/word/{neighbor}"]').click()
    until(hash_is(f"/word/{neighbor}"), f"clicking {neighbor} goes to its page")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .kw") and
          {k.text for k in driver.find_elements(By.CSS_SELECTOR, "#view .kw")} == {neighbor}, f"the concordance of {neighbor}")
    quiet("the neighbour's page")

    # --- Compare: type two words, submit; the cosine is the API's.
    go(TUTORIAL, "compare")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view form.pair"), "the compare form")
    form = driver.find_element(By.CSS_SELECTOR, "#view form.pair")
    form.find_element(By.NAME, "a").send_keys("river")
    form.find_element(By.NAME, "b").send_keys("bank", Keys.ENTER)
    cosine = api(TUTORIAL, "compare", a="river", b="bank")["cosine"]
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .cosine"), "the cosine of river and bank")
    text = driver.find_element(By.CSS_SELECTOR, "#view .cosine").text
    check(abs(float(text) - cosine) < 0.001, f"the cosine shown ({text}) is the API's ({cosine})")
    quiet("compare page")

    # --- Map: 50 points; search a word; click another point: its neighbours are highlighted.
    go(TUTORIAL, "map?n=50")
    points = api(TUTORIAL, "map", n=50)["points"]
    until(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#view g.point")) == 50, "50 words on the map")
    search = driver.find_element(By.CSS_SELECTOR, "#view form.map-search input[name=q]")
    search.send_keys(points[0]["word"], Keys.ENTER)
    until(lambda: driver.find_elements(By.CSS_SELECTOR, f'#view h3 a[href="#/word/{points[0]["word"]}"]'),
          "the searched word's panel")
    check(driver.find_elements(By.CSS_SELECTOR, "#view g.point.chosen"), "the searched word is highlighted")
    # Reset the view so every point is where it was drawn, then click one.
    driver.find_element(By.XPATH, "//form[contains(@class,'map-search')]/button[text()='reset']").click()
    other = points[1]["word"]
    target = driver.execute_script(
        "return [...document.querySelectorAll('#view g.point')].find(g => g.querySelector('text').textContent === arguments[0])", other)
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", target)
    until(lambda: driver.find_elements(By.CSS_SELECTOR, f'#view h3 a[href="#/word/{other}"]'), f"clicking {other} on the map")
    check("chosen" in target.get_attribute("class"), f"{other} is highlighted after the click")
    quiet("map page")

    # --- Sentence: type it, press the button: a 6 × 6 matrix, clues, next words, a continuation.
    go(TUTORIAL, "sentence")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view textarea[name=s]"), "the sentence form")
    driver.find_element(By.CSS_SELECTOR, "#view textarea[name=s]").send_keys("we fished from the river bank")
    driver.find_element(By.XPATH, "//form[contains(@class,'sentence-form')]//button[text()='Attend']").click()
    until(lambda: len(driver.find_elements(By.CSS_SELECTOR, "#view td.weight")) == 36, "a 6 × 6 attention matrix")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .continuation"), "a continuation")
    attention = api(TUTORIAL, "attend", sentence="we fished from the river bank")
    check([th.text for th in driver.find_elements(By.CSS_SELECTOR, "#view table.attention thead th")][1:] == attention["words"],
          "the matrix's columns are the sentence's words")
    check("largest clue" in view().text, "each word's largest clue")
    check(driver.find_elements(By.CSS_SELECTOR, "#view table.next-words"), "the next-word table")
    continuation = driver.find_element(By.CSS_SELECTOR, "#view .continuation").text
    check(continuation.startswith("we fished from the river bank "), f"the continuation: {continuation!r}")
    quiet("sentence page")

    # --- Markup from the corpus is shown as text, never run or rendered.
    go(MARKUP, "word/onerror")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .kw"), "the concordance of onerror")
    check(not driver.find_elements(By.CSS_SELECTOR, "#view img, #view script"), "corpus text became an element")
    text = view().text
    check('"><img src=x onerror=alert(1)>.txt' in text, "the file's name is shown as text")
    check({k.text for k in driver.find_elements(By.CSS_SELECTOR, "#view .kw")} == {"onerror"}, "the keyword is shown")
    quiet("the markup corpus's word page")
    # The words of the script element are words like any other: their page shows them as text.
    go(MARKUP, "word/script")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view .kw"), "the concordance of script")
    check("alert" in view().text and not driver.find_elements(By.CSS_SELECTOR, "#view img, #view script"), "the script's words as text")
    quiet("the markup corpus's page of 'script'")
    # A typed sentence with markup: back in its box as text, nothing rendered.
    go(MARKUP, "sentence")
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view textarea[name=s]"), "the sentence form (markup)")
    typed = "<img src=x onerror=alert(2)> river bank"
    driver.find_element(By.CSS_SELECTOR, "#view textarea[name=s]").send_keys(typed)
    driver.find_element(By.XPATH, "//form[contains(@class,'sentence-form')]//button[text()='Attend']").click()
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#view td.weight"), "attention over the typed sentence")
    check(driver.find_element(By.CSS_SELECTOR, "#view textarea[name=s]").get_attribute("value") == typed, "the typed sentence, as typed")
    check(not driver.find_elements(By.CSS_SELECTOR, "#view img, #view script"), "the typed markup became an element")
    quiet("the markup sentence page")
finally:
    driver.quit()

print(f"browser checks: {len(failures)} failed, {time.monotonic() - started:.1f} s in the browser", file=sys.stderr)
sys.exit(1 if failures else 0)
