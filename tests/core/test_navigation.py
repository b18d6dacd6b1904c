"""The header and list pages lead to import, export and API tokens for those allowed."""


def test_an_account_manager_sees_the_import_link(people, client_for):
    html = client_for(people.alice).get("/accounts/").content.decode()

    assert 'href="/import/"' in html


def test_marketing_is_not_offered_the_import(people, client_for):
    html = client_for(people.mark).get("/accounts/").content.decode()

    assert 'href="/import/"' not in html


def test_the_export_links_carry_the_current_filter(people, client_for):
    html = client_for(people.alice).get("/accounts/?tier=A&q=bakker").content.decode()

    assert 'href="/export/accounts.xlsx?tier=A&amp;q=bakker"' in html
    assert 'href="/export/accounts.csv?tier=A&amp;q=bakker"' in html


def test_the_contact_list_offers_its_export(people, client_for):
    html = client_for(people.alice).get("/contacts/?buying_role=decider").content.decode()

    assert 'href="/export/contacts.xlsx?buying_role=decider"' in html
