"""Reading Pagefind's results in a browser, for the search tests."""


def settled_results(page) -> list[str]:
    """Return every result's link once Pagefind's UI has drawn them all.

    It draws a placeholder for each result and fills it in as the result's fragment arrives, five at a
    time behind a "Load more" button: a test that read the links as soon as the first appeared saw a
    later one missing whenever the machine was busy.
    """
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    while True:
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__loading').length === 0", timeout=15000)
        more = page.locator("button.pagefind-ui__button")
        if more.count() == 0 or not more.first.is_visible():
            break
        more.first.click()
    links = page.locator(".pagefind-ui__result-link")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]
