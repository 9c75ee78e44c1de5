"""Run by tests/test_dev_smoke.py in a child process with the dev settings (SQLite, file broker).

Logs in as each demo user through the login form and opens the main pages of their role.
Prints one line per page; exits non-zero on the first page that does not render in Dutch.
"""

import sys

import django

django.setup()

from django.test import Client  # noqa: E402

# Main pages per demo user; later features add theirs here.
CASE_PAGES = [
    "/casussen/",
    "/casussen/zoeken/?q=a",
    "/casussen/nieuw/",
    "/casussen/1/",
    "/casussen/1/meldcode/",
]
PAGES = {
    "jeugdprofessional": ["/", *CASE_PAGES],
    "teamleider": ["/", "/casussen/team/", "/overdrachten/inbox/", *CASE_PAGES],
    "veiligthuis": ["/", "/overdrachten/", "/overdrachten/nieuw/", "/casussen/"],
    "voorzitter": ["/"],
    "tafellid": ["/"],
    "jeugdbeschermer": ["/", "/casussen/"],
    "raadsonderzoeker": ["/", "/casussen/"],
    "beheerder": ["/", "/beheer/", "/beheer/accounts/user/", "/beheer/accounts/team/"],
    "privacy": ["/", "/account/inzagelog/?case_number=Z-2026-00001"],
}


def main() -> int:
    for username, pages in PAGES.items():
        client = Client()
        response = client.post("/account/inloggen/", {"username": username, "password": "demo"})
        if response.status_code != 302:
            print(f"FAIL login {username}: {response.status_code}")
            return 1
        for page in pages:
            response = client.get(page)
            html = response.content.decode()
            if response.status_code != 200 or 'lang="nl"' not in html:
                print(f"FAIL {username} {page}: {response.status_code}")
                return 1
            print(f"ok {username} {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
