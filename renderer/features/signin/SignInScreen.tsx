/** The first-run screen: the sign-in form under the brand, with language and theme. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandedScreen } from './BrandedScreen';
import { SignInForm } from './SignInForm';

export function SignInScreen() {
  const { t } = useTranslation();
  const titleId = useId();

  return (
    <BrandedScreen>
      <SignInForm title={t('signIn.title')} titleId={titleId} />
    </BrandedScreen>
  );
}
