"""Seller workspace pages under /seller/: shop picker, products with quick edit, orders.

Every page that shows a shop resolves it through `shop_view`, which only finds shops the user
manages (as seller or active helper); any other id is a 404, so a page cannot even confirm that
another seller's shop, product or order exists. Views parse input, call one service or selector
and render a small page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import QuickEditForm

PAGE_SIZE = 20


def shop_view(view):
    """Log the user in, then resolve `partner_id` among the shops they manage (else 404)."""

    @login_required
    @wraps(view)
    def wrapper(request, partner_id, *args, **kwargs):
        shop = get_object_or_404(selectors.shops_of(request.user), pk=partner_id)
        request.shop_role = selectors.shop_role(request.user, shop)
        return view(request, shop, *args, **kwargs)

    return wrapper


def render(request, template, context=None, status=200):
    context = dict(context or {})
    shop = context.get("shop")
    if shop is not None:
        context.setdefault("role", getattr(request, "shop_role", "seller"))
        context.setdefault("several_shops", selectors.shops_of(request.user).count() > 1)
    return TemplateResponse(request, template, context, status=status)


@login_required
def home(request):
    shops = list(selectors.shops_of(request.user))
    if not shops:
        # A buyer's account: say so plainly instead of a bare error page.
        return render(request, "workspace/no_shop.html", status=403)
    if len(shops) == 1:
        return redirect("workspace:products", partner_id=shops[0].pk)
    roles = {shop.pk: selectors.shop_role(request.user, shop) for shop in shops}
    return render(request, "workspace/shop_picker.html", {"shops": [(shop, roles[shop.pk]) for shop in shops]})


@shop_view
def products(request, shop):
    page = Paginator(selectors.partner_products(shop), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for product in page:
        record = selectors.seller_stockrecord(product)
        form = None
        if record is not None:
            form = QuickEditForm(
                initial={
                    "price": int(record.price or 0),
                    "num_in_stock": record.num_in_stock or 0,
                    "is_public": product.is_public,
                },
                auto_id=f"p{product.pk}_%s",
            )
            form.fields["num_in_stock"].widget.attrs.update(min=record.num_allocated or 0, inputmode="numeric")
            form.fields["price"].widget.attrs["inputmode"] = "numeric"
        rows.append({"product": product, "record": record, "form": form})
    return render(request, "workspace/products.html", {"shop": shop, "page": page, "rows": rows})


@require_POST
@shop_view
def product_update(request, shop, product_id):
    product = get_object_or_404(selectors.partner_products(shop), pk=product_id)
    form = QuickEditForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _("%(title)s was not saved: %(errors)s") % {"title": product.title, "errors": errors})
    else:
        try:
            services.update_product(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(
                request,
                _("%(title)s was not saved: %(errors)s") % {"title": product.title, "errors": " ".join(exc.messages)},
            )
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Saved: %(title)s") % {"title": product.title})
    url = reverse("workspace:products", kwargs={"partner_id": shop.pk})
    page = request.POST.get("page")
    return redirect(f"{url}?page={int(page)}#p{product.pk}" if page and page.isdigit() else f"{url}#p{product.pk}")


@shop_view
def orders(request, shop):
    page = Paginator(selectors.order_summaries([shop]), PAGE_SIZE).get_page(request.GET.get("page"))
    summaries = [selectors.as_summary(row) for row in page]
    return render(request, "workspace/orders.html", {"shop": shop, "page": page, "orders": summaries})


@shop_view
def order_detail(request, shop, number):
    try:
        order = selectors.seller_order([shop], number=number)
    except selectors.Order.DoesNotExist:
        raise Http404 from None
    from logistics.selectors import delivery

    return render(
        request, "workspace/order_detail.html", {"shop": shop, "order": order, "delivery": delivery(order.id, shop.pk)}
    )


@login_required
def order_lookup(request, number):
    """Where links that only know an order number land (e.g. Oscar's dashboard redirects)."""
    shop = selectors.shop_for_order(request.user, number)
    if shop is None:
        raise Http404
    return redirect("workspace:order-detail", partner_id=shop.pk, number=number)
