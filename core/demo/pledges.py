"""The two pledges: one for councils, one for everyone else."""


def council_pledge(ctx):
    return {
        "slug": "become-a-keep-it-local-council",
        "fields": {
            "title": "Become a Keep it Local council",
            "show_in_menus": True,
            "summary": "Commit your council to the six Keep it Local principles and join a "
            "growing network of councils that put local organisations first.",
            "hero_image": ctx.images["council-pledge"],
            "statement": (
                "<p>On behalf of our council, we endorse the six Keep it Local principles. "
                "We will:</p><ul>"
                "<li>confirm our commitment through our leader and chief executive, or by "
                "a cabinet decision;</li>"
                "<li>appoint a Keep it Local champion in the cabinet and another in the "
                "senior leadership team;</li>"
                "<li>bring our community together for a conversation about putting the "
                "principles into practice.</li></ul>"
            ),
            "principles": list(ctx.principles.values()),
            "allow_councils": True,
            "allow_organisations": False,
            "allow_individuals": False,
            "goal": 50,
            "thank_you_text": (
                "<p>Thank you. Please confirm your email address with the link we have "
                "just sent. Our team then checks each council sign-up before it is listed "
                "as a Keep it Local council.</p>"
            ),
        },
    }


def network_pledge(ctx):
    return {
        "slug": "join-the-network",
        "fields": {
            "title": "Join the Keep it Local network",
            "show_in_menus": True,
            "summary": "Stand with the councils, community organisations and people who want "
            "public services to stay local.",
            "hero_image": ctx.images["network-pledge"],
            "statement": (
                "<p>Public services work best when they are shaped and delivered by the "
                "communities they serve. I support the six Keep it Local principles and "
                "want councils to commission local organisations first.</p>"
            ),
            "principles": list(ctx.principles.values()),
            "allow_councils": False,
            "allow_organisations": True,
            "allow_individuals": True,
            "goal": 1000,
            "thank_you_text": (
                "<p>Thank you for joining. Please click the link we have just emailed you; "
                "your name is counted once your address is confirmed.</p>"
            ),
        },
    }


PLEDGES = {"council": council_pledge, "network": network_pledge}
